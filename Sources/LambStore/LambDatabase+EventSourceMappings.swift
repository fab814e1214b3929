import Foundation
import GRDB
import LambCore

/// Rows of `eventSourceMapping`: one per mapping, the mapping as JSON. A mapping belongs to its function: deleting
/// the function deletes its mappings.
extension LambDatabase {
    static func registerEventSourceMappingMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-event-source-mappings") { db in
            try db.create(table: "eventSourceMapping") { t in
                t.primaryKey("uuid", .text)
                t.column("function", .text).notNull().references("function", column: "name", onDelete: .cascade)
                t.column("eventSourceArn", .text).notNull()
                t.column("record", .blob).notNull()
                t.column("createdAt", .double).notNull()
            }
        }
    }

    /// Every mapping, oldest first (the order List answers in).
    public func eventSourceMappings() async throws -> [EventSourceMapping] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT record FROM eventSourceMapping ORDER BY createdAt, uuid").map {
                try Self.decoder.decode(EventSourceMapping.self, from: $0["record"] as Data)
            }
        }
    }

    /// Stores a new mapping, or replaces one with the same UUID. `ResourceNotFoundException` when the function is
    /// gone.
    public func saveEventSourceMapping(_ mapping: EventSourceMapping) async throws {
        let data = try Self.encoder.encode(mapping)
        do {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO eventSourceMapping (uuid, function, eventSourceArn, record, createdAt)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(uuid) DO UPDATE SET function = excluded.function, record = excluded.record
                        """,
                    arguments: [
                        mapping.uuid, mapping.functionName, mapping.eventSourceArn, data,
                        Date().timeIntervalSince1970,
                    ])
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw LambError.notFound("The function doesn't exist.")
        }
    }

    public func deleteEventSourceMapping(uuid: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM eventSourceMapping WHERE uuid = ?", arguments: [uuid])
        }
    }
}
