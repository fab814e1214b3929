import Foundation
import Testing

@testable import LambImages

@Suite("Layers: tar, whiteouts, links, escapes")
struct LayerUnpackerTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("lamb-layers-\(UUID().uuidString)").path

    func unpack(_ layers: [TarFixture]) throws -> LayerUnpacker {
        let unpacker = try LayerUnpacker(root: root)
        for layer in layers { try unpacker.apply(TarReader(MemorySource(layer.archive))) }
        unpacker.finish()
        return unpacker
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: root + "/" + path).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(root + "/" + path, &info) == 0
    }

    @Test("Files, directories, modes, symlinks and hard links")
    func basics() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        var layer = TarFixture()
        layer.add("usr/", .directory, mode: 0o755)
        layer.add("usr/bin/", .directory, mode: 0o755)
        layer.add("usr/bin/tool", content: "#!/bin/sh\n", mode: 0o755)
        layer.add("bin", .symlink, link: "usr/bin")
        layer.add("usr/bin/same", .hardLink, link: "usr/bin/tool")
        layer.add("etc/deep/config", content: "x=1")  // parents left out of the archive
        let unpacker = try unpack([layer])
        #expect(read("usr/bin/tool") == "#!/bin/sh\n")
        #expect(read("bin/tool") == "#!/bin/sh\n")
        #expect(read("usr/bin/same") == "#!/bin/sh\n")
        #expect(read("etc/deep/config") == "x=1")
        #expect(FileManager.default.isExecutableFile(atPath: root + "/usr/bin/tool"))
        var a = stat()
        var b = stat()
        lstat(root + "/usr/bin/tool", &a)
        lstat(root + "/usr/bin/same", &b)
        #expect(a.st_ino == b.st_ino)
        #expect(unpacker.unpackedBytes == 13)
    }

    @Test("A whiteout removes a lower layer's file; an opaque directory keeps only its own layer's entries")
    func whiteouts() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        var lower = TarFixture()
        lower.add("app/", .directory)
        lower.add("app/old.py", content: "old")
        lower.add("app/keep.py", content: "keep")
        lower.add("data/", .directory)
        lower.add("data/a", content: "a")
        lower.add("data/b", content: "b")
        var upper = TarFixture()
        upper.add("app/.wh.old.py")
        upper.add("data/", .directory)
        upper.add("data/.wh..wh..opq")
        upper.add("data/c", content: "c")
        _ = try unpack([lower, upper])
        #expect(!exists("app/old.py"))
        #expect(read("app/keep.py") == "keep")
        #expect(!exists("data/a") && !exists("data/b"))
        #expect(read("data/c") == "c")
        #expect(!exists("app/.wh.old.py"))
    }

    @Test("A later layer replaces a file with a directory, and a directory with a file")
    func replacements() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        var lower = TarFixture()
        lower.add("thing", content: "file")
        lower.add("other/", .directory)
        lower.add("other/x", content: "x")
        var upper = TarFixture()
        upper.add("thing/", .directory)
        upper.add("thing/inside", content: "in")
        upper.add("other", content: "now a file")
        _ = try unpack([lower, upper])
        #expect(read("thing/inside") == "in")
        #expect(read("other") == "now a file")
    }

    @Test("Entries with .. are refused")
    func dotDot() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        var layer = TarFixture()
        layer.add("../escape", content: "no")
        #expect(throws: ImageError.self) { try unpack([layer]) }
        #expect(!FileManager.default.fileExists(atPath: root + "/../escape"))
    }

    @Test("A symlink pointing outside is followed inside the root, never on the host")
    func symlinkEscape() throws {
        let outside = root + "-outside"
        defer {
            try? FileManager.default.removeItem(atPath: root)
            try? FileManager.default.removeItem(atPath: outside)
        }
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        var first = TarFixture()
        first.add("evil", .symlink, link: outside)
        first.add("up", .symlink, link: "../../../../../../..\(outside)")
        var second = TarFixture()
        second.add("evil/planted", content: "x")
        second.add("up/planted2", content: "y")
        _ = try unpack([first, second])
        #expect(!FileManager.default.fileExists(atPath: outside + "/planted"))
        #expect(!FileManager.default.fileExists(atPath: outside + "/planted2"))
        // Both land where the links point when the root is `/`.
        #expect(read(String(outside.dropFirst()) + "/planted") == "x")
        #expect(read(String(outside.dropFirst()) + "/planted2") == "y")
    }

    @Test("A read-only directory still takes later entries and keeps its mode")
    func readOnlyDirectory() throws {
        defer {
            chmod(root + "/ro", 0o755)
            try? FileManager.default.removeItem(atPath: root)
        }
        var lower = TarFixture()
        lower.add("ro/", .directory, mode: 0o555)
        var upper = TarFixture()
        upper.add("ro/file", content: "ok")
        _ = try unpack([lower, upper])
        #expect(read("ro/file") == "ok")
        var info = stat()
        stat(root + "/ro", &info)
        #expect(info.st_mode & 0o777 == 0o555)
    }

    @Test("Long names (PAX) are read")
    func paxNames() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let long = String(repeating: "d", count: 120) + "/file"
        var record = " path=\(long)\n"
        let length = record.utf8.count + String(record.utf8.count + 3).count
        record = "\(length)" + record
        var layer = TarFixture()
        layer.add("././@PaxHeader", .file, content: record)
        var bytes = layer.bytes
        bytes[156] = UInt8(ascii: "x")
        // Fix the checksum of the patched header.
        for i in 148..<156 { bytes[i] = 0x20 }
        let sum = bytes[0..<512].reduce(0) { $0 + Int($1) }
        let checksum = Array((String(format: "%06o", sum) + "\0 ").utf8)
        for (i, b) in checksum.enumerated() { bytes[148 + i] = b }
        var rest = TarFixture()
        rest.add("short", content: "long name")
        let archive = bytes + rest.archive
        let unpacker = try LayerUnpacker(root: root)
        try unpacker.apply(TarReader(MemorySource(archive)))
        #expect(read(long) == "long name")
    }
}

@Suite("Layer compression")
struct LayerCompressionTests {
    @Test("zstd layers are refused with a message that says so; plain tar passes through")
    func sniffing() throws {
        let zstd = MemorySource([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0])
        #expect(throws: ImageError.unsupported("layer x is zstd-compressed; Lamb unpacks plain and gzip layers only")) {
            _ = try zstd.decompressed(what: "layer x")
        }
        var layer = TarFixture()
        layer.add("a", content: "plain")
        let plain = try MemorySource(layer.archive).decompressed(what: "layer y")
        #expect(try TarReader(plain).next()?.path == "a")
    }

    @Test("gzip layers, also of several members, are inflated")
    func gzip() throws {
        var layer = TarFixture()
        layer.add("g", content: "zipped")
        let archive = layer.archive
        let compressed = try Self.gzip(Array(archive[..<512])) + (try Self.gzip(Array(archive[512...])))
        let reader = TarReader(try MemorySource(compressed).decompressed(what: "layer z"))
        let entry = try #require(try reader.next())
        #expect(entry.path == "g")
        var content: [UInt8] = []
        try reader.readContent { content += $0 }
        #expect(String(decoding: content, as: UTF8.self) == "zipped")
    }

    /// `gzip -c` of the bytes (the system's tool: the test does not compress with the code under test).
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("lamb-gz-\(UUID().uuidString)")
        try Data(bytes).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-c", input.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }
}
