import Foundation
import GRDB
import LambCore

/// Rows of `schedule`: the schedules made through `lamb schedule create` (templates' schedules live in their
/// templates). Each row holds the whole definition as JSON; the name is the key.
extension LambDatabase {
    static func registerScheduleMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-schedules") { db in
            try db.create(table: "schedule") { t in
                t.primaryKey("name", .text)
                t.column("definition", .blob).notNull()
            }
        }
    }

    public func schedules() async throws -> [ScheduleDefinition] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT definition FROM schedule ORDER BY name").map { row in
                try Self.decoder.decode(ScheduleDefinition.self, from: row["definition"] as Data)
            }
        }
    }

    /// Inserts or replaces the schedule of that name.
    public func saveSchedule(_ schedule: ScheduleDefinition) async throws {
        let data = try Self.encoder.encode(schedule)
        try await writer.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO schedule (name, definition) VALUES (?, ?)",
                arguments: [schedule.name, data])
        }
    }

    /// False when there was none.
    public func deleteSchedule(_ name: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM schedule WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }
}
