import Foundation
import GRDB
import LambCore

/// Rows of `logGroup`: settings of CloudWatch Logs log groups (retention, tags, creation by `CreateLogGroup`). The
/// events themselves stay in the function log files; a group a function writes to needs no row.
extension LambDatabase {
    static func registerLogGroupMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10-log-retention") { db in
            try db.create(table: "logGroup") { t in
                t.primaryKey("name", .text)
                t.column("settings", .blob).notNull()
            }
        }
    }

    public func logGroupSettings() async throws -> [LogGroupSettings] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT settings FROM logGroup ORDER BY name").map { row in
                try Self.decoder.decode(LogGroupSettings.self, from: row["settings"] as Data)
            }
        }
    }

    /// Inserts or replaces the settings of that group.
    public func saveLogGroupSettings(_ settings: LogGroupSettings) async throws {
        let data = try Self.encoder.encode(settings)
        try await writer.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO logGroup (name, settings) VALUES (?, ?)", arguments: [settings.name, data])
        }
    }

    public func deleteLogGroupSettings(named name: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM logGroup WHERE name = ?", arguments: [name])
        }
    }
}
