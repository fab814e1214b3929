import Foundation
import Testing

@testable import LambRuntimes

@Suite("Layer merging")
struct LayerMergerTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("lamb-merge-\(UUID().uuidString)")

    func layer(_ name: String, _ files: [String: String]) throws -> URL {
        let dir = root.appendingPathComponent(name)
        for (path, content) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func read(_ dir: URL, _ path: String) -> String? {
        (try? Data(contentsOf: dir.appendingPathComponent(path))).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("layers merge in order: directories combine, a later layer's file wins")
    func laterWins() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try layer(
            "a", ["python/mod.py": "first", "python/only_a.py": "a", "bin/tool": "a", "shared": "file"])
        let second = try layer("b", ["python/mod.py": "second", "lib/libx.so": "b", "shared/inner": "dir wins"])
        let merged = root.appendingPathComponent("merged")
        try LayerMerger.merge([first, second], into: merged)
        #expect(read(merged, "python/mod.py") == "second")
        #expect(read(merged, "python/only_a.py") == "a")
        #expect(read(merged, "bin/tool") == "a")
        #expect(read(merged, "lib/libx.so") == "b")
        #expect(read(merged, "shared/inner") == "dir wins")
        // The sources are untouched: files are linked, never written through.
        #expect(read(first, "python/mod.py") == "first")
    }

    @Test("a directory replaced by a later layer's file; an existing merge is reused")
    func fileOverDirectory() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try layer("a", ["x/y": "nested"])
        let second = try layer("b", ["x": "flat"])
        let merged = root.appendingPathComponent("merged")
        try LayerMerger.merge([first, second], into: merged)
        #expect(read(merged, "x") == "flat")
        try LayerMerger.merge([second, first], into: merged)
        #expect(read(merged, "x") == "flat")
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(!names.contains { $0.hasPrefix(".merge-") })
    }

    @Test("the merge key depends on the layers and their order")
    func keys() {
        #expect(LayerMerger.key(for: ["a", "b"]) == LayerMerger.key(for: ["a", "b"]))
        #expect(LayerMerger.key(for: ["a", "b"]) != LayerMerger.key(for: ["b", "a"]))
    }
}
