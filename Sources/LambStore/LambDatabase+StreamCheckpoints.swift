import Foundation
import GRDB
import LambCore

/// Rows of `streamCheckpoint`: one per shard a stream mapping has read, saying where it stands. They go with their
/// mapping (a cascade), so a mapping made again starts from its starting position.
extension LambDatabase {
    static func registerStreamCheckpointMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-stream-checkpoints") { db in
            try db.create(table: "streamCheckpoint") { t in
                t.column("mapping", .text).notNull().references(
                    "eventSourceMapping", column: "uuid", onDelete: .cascade)
                t.column("shardId", .text).notNull()
                t.column("sequenceNumber", .text)
                t.column("readFrom", .double)
                t.column("finished", .boolean).notNull().defaults(to: false)
                t.column("updatedAt", .double).notNull()
                t.primaryKey(["mapping", "shardId"])
            }
        }
    }

    /// The mapping's checkpoints, by shard.
    public func streamCheckpoints(mapping uuid: String) async throws -> [String: StreamCheckpoint] {
        try await writer.read { db in
            var found: [String: StreamCheckpoint] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT * FROM streamCheckpoint WHERE mapping = ?", arguments: [uuid])
            {
                let shardId: String = row["shardId"]
                let readFrom: Double? = row["readFrom"]
                found[shardId] = StreamCheckpoint(
                    shardId: shardId, sequenceNumber: row["sequenceNumber"],
                    readFrom: readFrom.map { Date(timeIntervalSince1970: $0) }, finished: row["finished"])
            }
            return found
        }
    }

    /// Stores checkpoints (new or moved on) in one transaction. A mapping deleted meanwhile stores nothing.
    public func saveStreamCheckpoints(_ checkpoints: [StreamCheckpoint], mapping uuid: String) async throws {
        guard !checkpoints.isEmpty else { return }
        try await writer.write { db in
            guard
                try Bool.fetchOne(db, sql: "SELECT 1 FROM eventSourceMapping WHERE uuid = ?", arguments: [uuid])
                    != nil
            else { return }
            for checkpoint in checkpoints {
                try db.execute(
                    sql: """
                        INSERT INTO streamCheckpoint (mapping, shardId, sequenceNumber, readFrom, finished, updatedAt)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT(mapping, shardId) DO UPDATE SET sequenceNumber = excluded.sequenceNumber,
                            readFrom = excluded.readFrom, finished = excluded.finished, updatedAt = excluded.updatedAt
                        """,
                    arguments: [
                        uuid, checkpoint.shardId, checkpoint.sequenceNumber,
                        checkpoint.readFrom?.timeIntervalSince1970, checkpoint.finished, Date().timeIntervalSince1970,
                    ])
            }
        }
    }
}
