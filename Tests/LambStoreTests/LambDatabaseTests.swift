import Foundation
import LambCore
import LambStore
import Testing

@Suite("LambDatabase")
struct LambDatabaseTests {
    func record(_ name: String) -> FunctionRecord {
        let settings = FunctionSettings(runtime: "python3.11", handler: "app.handler", role: "arn:aws:iam::123456789012:role/r")
        let code = CodeReference(sha256: "abc=", size: 10, blobName: "ab")
        return FunctionRecord(latest: FunctionDefinition(name: name, settings: settings, code: code), tags: ["t": "v"])
    }

    @Test("functions round-trip, are listed by name, and a duplicate insert is a conflict")
    func roundTrip() async throws {
        let db = try LambDatabase()
        try await db.insertFunction(record("b"))
        try await db.insertFunction(record("a"))
        let loaded = try await db.loadFunctions()
        #expect(loaded.map(\.name) == ["a", "b"])
        #expect(loaded[0] == record("a").withSameIdentity(as: loaded[0]))
        await #expect(throws: LambError.self) { try await db.insertFunction(record("a")) }
    }

    @Test("updates and deletes are durable across a reopen of the file")
    func durable() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("lamb.sqlite").path
        do {
            let db = try LambDatabase(path: path)
            var r = record("f")
            try await db.insertFunction(r)
            r.latest.settings.memorySize = 512
            try await db.updateFunction(r)
            try await db.insertFunction(record("gone"))
            try await db.deleteFunction(named: "gone")
        }
        let reopened = try LambDatabase(path: path)
        let loaded = try await reopened.loadFunctions()
        #expect(loaded.map(\.name) == ["f"])
        #expect(loaded[0].latest.settings.memorySize == 512)
    }
}

@Suite("BlobStore")
struct BlobStoreTests {
    @Test("blobs are named by their SHA-256; CodeSha256 is its base64")
    func contentAddressed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try BlobStore(directory: dir)
        let ref = try store.put(Data("abc".utf8))
        #expect(ref.blobName == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ref.sha256 == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
        #expect(ref.size == 3)
        #expect(try store.data(for: ref) == Data("abc".utf8))
        #expect(try store.put(Data("abc".utf8)) == ref)
    }
}

extension FunctionRecord {
    /// The same record with the identity fields (revision, times) of `other`, to compare content only.
    func withSameIdentity(as other: FunctionRecord) -> FunctionRecord {
        var copy = self
        copy.latest.revisionId = other.latest.revisionId
        copy.latest.lastModified = other.latest.lastModified
        copy.createdAt = other.createdAt
        return copy
    }
}
