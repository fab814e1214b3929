import Foundation
import LambCore
import LambStore
import Testing

@Suite("Stream checkpoints")
struct StreamCheckpointStoreTests {
    func mapping(_ uuid: String) throws -> EventSourceMapping {
        try EventSourceMappingRules.create(
            EventSourceMappingPatch(startingPosition: "TRIM_HORIZON"),
            stream: StreamSourceArn("arn:aws:kinesis:us-east-1:123456789012:stream/s")!, functionName: "f",
            qualifier: nil, uuid: uuid, now: Date())
    }

    @Test("checkpoints move on, are kept per shard, and go with their mapping")
    func lifecycle() async throws {
        let db = try LambDatabase()
        let settings = FunctionSettings(runtime: "python3.11", handler: "app.handler", role: "arn:aws:iam::1:role/r")
        let code = CodeReference(sha256: "abc=", size: 10, blobName: "ab")
        try await db.insertFunction(
            FunctionRecord(latest: FunctionDefinition(name: "f", settings: settings, code: code)))
        try await db.saveEventSourceMapping(try mapping("m"))

        let start = Date(timeIntervalSince1970: 1_700_000_000)
        try await db.saveStreamCheckpoints(
            [StreamCheckpoint(shardId: "a", readFrom: start), StreamCheckpoint(shardId: "b", finished: true)],
            mapping: "m")
        try await db.saveStreamCheckpoints([StreamCheckpoint(shardId: "a", sequenceNumber: "42")], mapping: "m")
        let stored = try await db.streamCheckpoints(mapping: "m")
        #expect(stored["a"] == StreamCheckpoint(shardId: "a", sequenceNumber: "42"))
        #expect(stored["b"]?.finished == true)

        // A mapping deleted while its poller still runs stores nothing more.
        try await db.deleteEventSourceMapping(uuid: "m")
        #expect(try await db.streamCheckpoints(mapping: "m").isEmpty)
        try await db.saveStreamCheckpoints([StreamCheckpoint(shardId: "a", sequenceNumber: "43")], mapping: "m")
        #expect(try await db.streamCheckpoints(mapping: "m").isEmpty)
    }
}
