import Foundation
import GRDB
import LambCore

/// Rows of `eventInvokeConfig`: one per function and qualifier, the config as JSON.
extension LambDatabase {
    public func eventInvokeConfig(function: String, qualifier: String) async throws -> EventInvokeConfig? {
        try await writer.read { db in try Self.config(function, qualifier, db) }
    }

    /// Every config of a function, by qualifier.
    public func eventInvokeConfigs(function: String) async throws -> [(qualifier: String, config: EventInvokeConfig)] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT qualifier, config FROM eventInvokeConfig WHERE function = ? ORDER BY qualifier",
                arguments: [function]
            ).map { row in
                (
                    qualifier: row["qualifier"],
                    config: try Self.decoder.decode(EventInvokeConfig.self, from: row["config"])
                )
            }
        }
    }

    /// Stores a config, replacing any the qualifier had. Throws `ResourceNotFoundException` when the function is
    /// gone (it was deleted while the request ran).
    public func putEventInvokeConfig(function: String, qualifier: String, _ config: EventInvokeConfig) async throws {
        let data = try Self.encoder.encode(config)
        do {
            try await writer.write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO eventInvokeConfig (function, qualifier, config) VALUES (?, ?, ?)",
                    arguments: [function, qualifier, data])
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw LambError.notFound("The function doesn't exist.")
        }
    }

    /// Reads, changes and writes a config in one transaction, so concurrent updates each see the last. Returns the
    /// new config, or `nil` (nothing changed) when the qualifier has none.
    public func updateEventInvokeConfig(
        function: String, qualifier: String,
        _ change: @escaping @Sendable (EventInvokeConfig) throws -> EventInvokeConfig
    ) async throws -> EventInvokeConfig? {
        try await writer.write { db in
            guard let current = try Self.config(function, qualifier, db) else { return nil }
            let next = try change(current)
            try db.execute(
                sql: "UPDATE eventInvokeConfig SET config = ? WHERE function = ? AND qualifier = ?",
                arguments: [try Self.encoder.encode(next), function, qualifier])
            return next
        }
    }

    /// Deletes a config; `false` if there was none.
    public func deleteEventInvokeConfig(function: String, qualifier: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "DELETE FROM eventInvokeConfig WHERE function = ? AND qualifier = ?",
                arguments: [function, qualifier])
            return db.changesCount > 0
        }
    }

    private static func config(_ function: String, _ qualifier: String, _ db: Database) throws -> EventInvokeConfig? {
        guard
            let data = try Data.fetchOne(
                db, sql: "SELECT config FROM eventInvokeConfig WHERE function = ? AND qualifier = ?",
                arguments: [function, qualifier])
        else { return nil }
        return try decoder.decode(EventInvokeConfig.self, from: data)
    }
}
