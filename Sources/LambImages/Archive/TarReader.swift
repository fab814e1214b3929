/// One member of a tar stream.
struct TarEntry: Equatable {
    enum Kind: Equatable {
        case file, directory, symlink, hardLink, fifo
        /// Character and block devices, and types Lamb has no use for: skipped.
        case other(UInt8)
    }

    var path: String
    var kind: Kind
    var mode: UInt32
    var uid: Int
    var gid: Int
    var size: Int
    var linkName: String
    var modificationTime: Int
}

/// Reads ustar, GNU (`L`/`K` long names) and PAX (`x` headers: `path`, `linkpath`, `size`, `uid`, `gid`) tar
/// streams, entry by entry; the caller reads or skips each entry's content before asking for the next.
final class TarReader {
    private let source: any ByteSource
    private var buffer: [UInt8] = []
    private var bufferOffset = 0
    /// Content bytes of the current entry not yet read, and the padding after them.
    private var remaining = 0
    private var padding = 0

    init(_ source: any ByteSource) {
        self.source = source
    }

    func next() throws -> TarEntry? {
        try skipContent()
        var longName: String?
        var longLink: String?
        var pax: [String: String] = [:]
        while true {
            let header = try readExactly(512, allowEnd: true)
            guard let header, header.contains(where: { $0 != 0 }) else { return nil }
            guard Self.checksumMatches(header) else { throw ImageError.corrupt("a tar header's checksum is wrong") }
            let type = header[156]
            let size = Self.number(header[124..<136])
            switch type {
            case UInt8(ascii: "L"), UInt8(ascii: "K"), UInt8(ascii: "x"):
                let data = try readExactly(size) ?? []
                try discard(Self.padding(for: size))
                if type == UInt8(ascii: "L") { longName = Self.string(data[...]) }
                if type == UInt8(ascii: "K") { longLink = Self.string(data[...]) }
                if type == UInt8(ascii: "x") { pax.merge(Self.paxRecords(data)) { _, new in new } }
                continue
            case UInt8(ascii: "g"):
                // Global PAX headers (comments, mostly): nothing in them changes how files are laid out.
                _ = try readExactly(size)
                try discard(Self.padding(for: size))
                continue
            default:
                break
            }
            var name = Self.string(header[0..<100])
            let magic = Self.string(header[257..<263])
            if magic.hasPrefix("ustar") {
                let prefix = Self.string(header[345..<500])
                if !prefix.isEmpty { name = prefix + "/" + name }
            }
            let entrySize = pax["size"].flatMap(Int.init) ?? size
            var entry = TarEntry(
                path: pax["path"] ?? longName ?? name,
                kind: Self.kind(type),
                mode: UInt32(Self.number(header[100..<108]) & 0o7777),
                uid: pax["uid"].flatMap(Int.init) ?? Self.number(header[108..<116]),
                gid: pax["gid"].flatMap(Int.init) ?? Self.number(header[116..<124]),
                size: entrySize,
                linkName: pax["linkpath"] ?? longLink ?? Self.string(header[157..<257]),
                modificationTime: Self.number(header[136..<148]))
            // Old tars mark directories with a trailing slash on a regular-file type.
            if entry.kind == .file && entry.path.hasSuffix("/") { entry.kind = .directory }
            if entry.kind == .hardLink || entry.kind == .symlink || entry.kind == .directory { entry.size = 0 }
            // Whatever the header says follows is skipped for entries whose content Lamb does not read.
            remaining = entrySize
            padding = Self.padding(for: remaining)
            return entry
        }
    }

    /// The current entry's content, chunk by chunk.
    func readContent(_ body: ([UInt8]) throws -> Void) throws {
        while remaining > 0 {
            let chunk = try take(min(remaining, 1 << 20))
            if chunk.isEmpty { throw ImageError.corrupt("a tar stream ends inside an entry") }
            remaining -= chunk.count
            try body(chunk)
        }
        try discard(padding)
        padding = 0
    }

    private func skipContent() throws {
        try discard(remaining + padding)
        remaining = 0
        padding = 0
    }

    // MARK: Bytes

    private func take(_ count: Int) throws -> [UInt8] {
        if bufferOffset == buffer.count {
            buffer = try source.read(upTo: max(count, 1 << 16))
            bufferOffset = 0
            if buffer.isEmpty { return [] }
        }
        let end = min(buffer.count, bufferOffset + count)
        let chunk = Array(buffer[bufferOffset..<end])
        bufferOffset = end
        return chunk
    }

    private func readExactly(_ count: Int, allowEnd: Bool = false) throws -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            let chunk = try take(count - out.count)
            if chunk.isEmpty {
                if allowEnd && out.isEmpty { return nil }
                throw ImageError.corrupt("a tar stream ends early")
            }
            out += chunk
        }
        return out
    }

    private func discard(_ count: Int) throws {
        var left = count
        while left > 0 {
            let chunk = try take(min(left, 1 << 20))
            if chunk.isEmpty { throw ImageError.corrupt("a tar stream ends early") }
            left -= chunk.count
        }
    }

    // MARK: Header fields

    static func padding(for size: Int) -> Int { (512 - size % 512) % 512 }

    static func kind(_ type: UInt8) -> TarEntry.Kind {
        switch type {
        case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): .file
        case UInt8(ascii: "1"): .hardLink
        case UInt8(ascii: "2"): .symlink
        case UInt8(ascii: "5"): .directory
        case UInt8(ascii: "6"): .fifo
        default: .other(type)
        }
    }

    static func string(_ bytes: ArraySlice<UInt8>) -> String {
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
    }

    /// Octal, or GNU's base-256 (high bit set) for values that do not fit.
    static func number(_ bytes: ArraySlice<UInt8>) -> Int {
        if let first = bytes.first, first & 0x80 != 0 {
            return bytes.dropFirst().reduce(Int(first & 0x7f)) { $0 << 8 | Int($1) }
        }
        var value = 0
        for byte in bytes {
            if byte == 0 || byte == UInt8(ascii: " ") {
                if value > 0 { break } else { continue }
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "7") else { break }
            value = value * 8 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    static func checksumMatches(_ header: [UInt8]) -> Bool {
        let stored = number(header[148..<156])
        var sum = 0
        for (index, byte) in header.enumerated() { sum += (148..<156).contains(index) ? 32 : Int(byte) }
        return sum == stored
    }

    /// `"<length> <key>=<value>\n"` records.
    static func paxRecords(_ data: [UInt8]) -> [String: String] {
        var records: [String: String] = [:]
        var index = 0
        while index < data.count {
            guard let space = data[index...].firstIndex(of: UInt8(ascii: " ")),
                let length = Int(String(decoding: data[index..<space], as: UTF8.self)), length > 0,
                index + length <= data.count
            else { break }
            let record = data[(space + 1)..<(index + length - 1)]
            if let equals = record.firstIndex(of: UInt8(ascii: "=")) {
                records[String(decoding: record[record.startIndex..<equals], as: UTF8.self)] =
                    String(decoding: record[(equals + 1)...], as: UTF8.self)
            }
            index += length
        }
        return records
    }
}
