import Foundation
import LambCore
import Testing
import ZIPFoundation

@testable import LambRuntimes

/// Zips built in memory for the tests, and the header edits an attacker would make.
enum TestZip {
    enum Item {
        case file(String, Data, permissions: UInt16 = 0o644)
        case directory(String)
        case link(String, target: String)
    }

    static func make(_ items: [Item]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for item in items {
            switch item {
            case .file(let path, let data, let permissions):
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(data.count), permissions: permissions,
                    compressionMethod: .deflate
                ) { (position: Int64, size: Int) in data.subdata(in: Int(position)..<Int(position) + size) }
            case .directory(let path):
                try archive.addEntry(with: path, type: .directory, uncompressedSize: Int64(0)) { (_: Int64, _: Int) in
                    Data()
                }
            case .link(let path, let target):
                let data = Data(target.utf8)
                try archive.addEntry(with: path, type: .symlink, uncompressedSize: Int64(data.count)) {
                    (position: Int64, size: Int) in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
        }
        return archive.data!
    }

    /// Rewrites the uncompressed size every header declares (central directory and local headers) to `size`.
    static func declaring(_ size: UInt32, in zip: Data) -> Data {
        var bytes = [UInt8](zip)
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func put(_ value: UInt32, _ at: Int) {
            for i in 0..<4 { bytes[at + i] = UInt8((value >> (8 * UInt32(i))) & 0xff) }
        }
        let eocd = (0...(bytes.count - 22)).reversed().first {
            bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4b && bytes[$0 + 2] == 5 && bytes[$0 + 3] == 6
        }!
        var position = u32(eocd + 16)
        for _ in 0..<u16(eocd + 10) {
            put(size, position + 24)
            put(size, u32(position + 42) + 22)
            position += 46 + u16(position + 28) + u16(position + 30) + u16(position + 32)
        }
        return Data(bytes)
    }

    /// Flips one byte of the first entry's compressed data, so its content no longer matches its CRC-32.
    static func corrupting(_ zip: Data) -> Data {
        var bytes = [UInt8](zip)
        let nameLength = Int(bytes[26]) | Int(bytes[27]) << 8
        let extraLength = Int(bytes[28]) | Int(bytes[29]) << 8
        bytes[30 + nameLength + extraLength + 1] ^= 0x01
        return Data(bytes)
    }
}

@Suite("Code archives")
struct CodeArchiveTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("lamb-archive-\(UUID().uuidString)")

    func refusal(_ zip: Data, limit: Int = Quotas.unzippedBytes) -> String? {
        do {
            _ = try CodeArchive(validating: zip, limit: limit)
            return nil
        } catch let error as LambError {
            #expect(error.code == .invalidParameterValue)
            return error.message
        } catch {
            Issue.record("not a LambError: \(error)")
            return "\(error)"
        }
    }

    @Test("an ordinary archive: counted by its real content, unpacked readable by all, without set-uid bits")
    func ordinary() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let zip = try TestZip.make([
            .directory("pkg/"), .file("pkg/mod.py", Data("x = 1\n".utf8), permissions: 0o600),
            .file("bin/tool", Data(repeating: 7, count: 1000), permissions: 0o4755),
            .link("bin/alias", target: "tool"),
        ])
        let archive = try CodeArchive(validating: zip)
        #expect(archive.entryCount == 4)
        #expect(archive.unzippedSize == 6 + 1000 + 4)
        let target = root.appendingPathComponent("code")
        #expect(try archive.unpack(into: target))
        #expect(try String(contentsOf: target.appendingPathComponent("pkg/mod.py"), encoding: .utf8) == "x = 1\n")
        let fm = FileManager.default
        func mode(_ path: String) throws -> Int {
            (try fm.attributesOfItem(atPath: target.appendingPathComponent(path).path)[.posixPermissions] as! NSNumber)
                .intValue
        }
        #expect(try mode("pkg/mod.py") == 0o644)
        #expect(try mode("bin/tool") == 0o755)
        #expect(try fm.destinationOfSymbolicLink(atPath: target.appendingPathComponent("bin/alias").path) == "tool")
        // A second unpack finds the directory and leaves it alone.
        #expect(try !archive.unpack(into: target))
    }

    @Test("headers that under-declare sizes change nothing: the inflated bytes are counted")
    func falseSizes() throws {
        let chunk = Data(repeating: 0, count: 100_000)
        let honest = try TestZip.make((0..<10).map { .file("blob\($0)", chunk) })
        let lying = TestZip.declaring(10, in: honest)
        #expect(refusal(lying, limit: 500_000) == "Unzipped size must be smaller than 500000 bytes")
        #expect(refusal(lying, limit: 1_000_000) == nil)
        #expect(try CodeArchive(validating: lying, limit: 1_000_000).unzippedSize == 1_000_000)
    }

    @Test("unpacking stops at the limit and removes what it wrote, and the directory it made for it")
    func unpackStops() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let zip = try TestZip.make((0..<10).map { .file("blob\($0)", Data(repeating: 1, count: 100_000)) })
        let archive = try CodeArchive(validating: zip, limit: 1_000_000)
        let parent = root.appendingPathComponent("functions/f")
        #expect(throws: LambError.invalidParameter("Unzipped size must be smaller than 250000 bytes")) {
            try archive.unpack(into: parent.appendingPathComponent("sha"), limit: 250_000)
        }
        #expect(!FileManager.default.fileExists(atPath: parent.path))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("functions").path))
    }

    @Test(
        "names with NUL, line breaks, or nothing readable are refused by name, not truncated",
        arguments: ["app\0.py", "app.py\nother", "dir\r/x", "a/" + String(repeating: "n", count: 256)])
    func badNames(_ name: String) throws {
        let message = refusal(try TestZip.make([.file(name, Data("x".utf8))]))
        #expect(message?.hasPrefix("Could not unzip uploaded file.") == true)
    }

    @Test(
        "symbolic links leading out of the root, or through another link, are refused at validation",
        arguments: [
            [TestZip.Item.link("up", target: "../outside")],
            [.link("abs", target: "/etc/passwd")],
            [.link("deep/er", target: "../../x")],
            [.link("here", target: "."), .link("out", target: "here/../x")],
            [.link("dir", target: "sub"), .directory("sub/"), .file("dir/file", Data("x".utf8))],
            [.link("empty", target: "")],
        ])
    func escapingLinks(_ items: [TestZip.Item]) throws {
        let message = refusal(try TestZip.make(items))
        #expect(message?.hasPrefix("Could not unzip uploaded file.") == true)
    }

    @Test("links that stay inside are kept", arguments: ["lib.so.1", "./lib.so.1", "sub/../lib.so.1", "sub"])
    func containedLinks(_ target: String) throws {
        let zip = try TestZip.make([
            .file("lib.so.1", Data("elf".utf8)), .directory("sub/"), .link("lib.so", target: target),
        ])
        #expect(refusal(zip) == nil)
    }

    @Test("unreadable and corrupt archives get Lambda's message, not Foundation's")
    func unreadable() throws {
        let expected = "Could not unzip uploaded file. Please check your file, then try to upload again."
        #expect(refusal(Data("not a zip".utf8)) == expected)
        #expect(refusal(Data()) == expected)
        let zip = try TestZip.make([.file("app.py", Data(repeating: 65, count: 5000))])
        #expect(refusal(TestZip.corrupting(zip)) == expected)
    }

    @Test("entries that climb out of the root are named")
    func escapingEntries() throws {
        let message = refusal(try TestZip.make([.file("a/../../evil.py", Data())]))
        #expect(message?.contains("'a/../../evil.py' would be written outside") == true)
    }
}

@Suite("Zip entry paths")
struct ZipEntryPathTests {
    @Test("names normalise to components; the root itself to none")
    func normalize() throws {
        #expect(try ZipEntryPath.normalize("a/./b//c") == ["a", "b", "c"])
        #expect(try ZipEntryPath.normalize("a/../b") == ["b"])
        #expect(try ZipEntryPath.normalize("./") == [])
        #expect(throws: LambError.self) { try ZipEntryPath.normalize("../a") }
        #expect(throws: LambError.self) { try ZipEntryPath.normalize("/a") }
        #expect(throws: LambError.self) { try ZipEntryPath.normalize("a\\..\\..\\b") }
        #expect(throws: LambError.self) { try ZipEntryPath.normalize("") }
        #expect(throws: LambError.self) { try ZipEntryPath.normalize(String(repeating: "a/", count: 600)) }
    }

    @Test("an entry below a link is inside it; the link itself is not")
    func insideSymlink() {
        let links: Set<[String]> = [["a", "l"]]
        #expect(ZipEntryPath.isInsideSymlink(["a", "l", "f"], symlinks: links))
        #expect(!ZipEntryPath.isInsideSymlink(["a", "l"], symlinks: links))
        #expect(!ZipEntryPath.isInsideSymlink(["a", "m"], symlinks: links))
    }
}
