import Foundation

@testable import LambImages

/// Builds ustar streams for the unpacker's tests.
struct TarFixture {
    enum Kind: UInt8 {
        case file = 0x30
        case hardLink = 0x31
        case symlink = 0x32
        case directory = 0x35
    }

    private(set) var bytes: [UInt8] = []

    mutating func add(_ path: String, _ kind: Kind = .file, content: String = "", link: String = "", mode: Int = 0o644)
    {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, length: Int) {
            for (i, byte) in text.utf8.prefix(length).enumerated() { header[offset + i] = byte }
        }
        let body = Array(content.utf8)
        put(path, at: 0, length: 100)
        put(String(format: "%07o", mode), at: 100, length: 8)
        put("0000000", at: 108, length: 8)
        put("0000000", at: 116, length: 8)
        put(String(format: "%011o", kind == .file ? body.count : 0), at: 124, length: 12)
        put("00000000000", at: 136, length: 12)
        header[156] = kind.rawValue
        put(link, at: 157, length: 100)
        put("ustar", at: 257, length: 6)
        put("00", at: 263, length: 2)
        for i in 148..<156 { header[i] = 0x20 }
        let sum = header.reduce(0) { $0 + Int($1) }
        put(String(format: "%06o", sum) + "\0 ", at: 148, length: 8)
        bytes += header
        if kind == .file {
            bytes += body
            bytes += [UInt8](repeating: 0, count: (512 - body.count % 512) % 512)
        }
    }

    /// The stream with its end-of-archive blocks.
    var archive: [UInt8] { bytes + [UInt8](repeating: 0, count: 1024) }
}

/// A byte source over an array, for feeding the reader from memory.
final class MemorySource: ByteSource {
    private var data: [UInt8]
    init(_ data: [UInt8]) { self.data = data }
    func read(upTo count: Int) throws -> [UInt8] {
        let chunk = Array(data.prefix(count))
        data.removeFirst(chunk.count)
        return chunk
    }
}
