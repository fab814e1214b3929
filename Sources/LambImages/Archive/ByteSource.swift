import Foundation

/// A stream of bytes read front to back: a file, or what a decompressor makes of one.
protocol ByteSource: AnyObject {
    /// Up to `count` bytes; empty at the end.
    func read(upTo count: Int) throws -> [UInt8]
}

/// A file read in chunks, hashed as it goes (layers are checked against their digest after they are applied).
final class FileByteSource: ByteSource {
    private let handle: FileHandle
    private var hasher = SHA256Hasher()

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImageError.unreadable(path)
        }
        self.handle = handle
    }

    deinit { try? handle.close() }

    func read(upTo count: Int) throws -> [UInt8] {
        guard let data = try handle.read(upToCount: count), !data.isEmpty else { return [] }
        let bytes = [UInt8](data)
        hasher.update(bytes)
        return bytes
    }

    /// `sha256:<hex>` of everything read so far.
    func digest() -> String { "sha256:" + hasher.finalize() }

    /// Reads the rest (so the digest covers the whole file).
    func drain() throws {
        while !(try read(upTo: 1 << 20)).isEmpty {}
    }
}

/// Sniffs a stream's first bytes: layers and archives are plain tar, gzip, or (refused) zstd.
enum Compression {
    case none, gzip, zstd

    static func detect(_ head: [UInt8]) -> Compression {
        if head.count >= 2 && head[0] == 0x1f && head[1] == 0x8b { return .gzip }
        if head.count >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd { return .zstd }
        return .none
    }
}

/// A source that hands back bytes it was given first (the sniffed head), then reads on.
final class PrefixedSource: ByteSource {
    private var prefix: [UInt8]
    private let rest: any ByteSource

    init(prefix: [UInt8], rest: any ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    func read(upTo count: Int) throws -> [UInt8] {
        if !prefix.isEmpty {
            let taken = Array(prefix.prefix(count))
            prefix.removeFirst(taken.count)
            return taken
        }
        return try rest.read(upTo: count)
    }
}

extension ByteSource {
    /// This stream, decompressed if it is gzip; zstd is refused with a clear message.
    func decompressed(what: String) throws -> any ByteSource {
        var head: [UInt8] = []
        while head.count < 4 {
            let more = try read(upTo: 4 - head.count)
            if more.isEmpty { break }
            head += more
        }
        let source = PrefixedSource(prefix: head, rest: self)
        switch Compression.detect(head) {
        case .none: return source
        case .gzip: return try GzipSource(source)
        case .zstd: throw ImageError.unsupported("\(what) is zstd-compressed; Lamb unpacks plain and gzip layers only")
        }
    }
}
