import Foundation
import GRDB
import LambCore

/// Published versions, aliases and provisioned concurrency: one row per function that has any, holding its
/// ``FunctionVersions`` as JSON (the set is small, and every change rewrites it in one transaction).
extension LambDatabase {
    static func registerVersionMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-function-versions") { db in
            try db.create(table: "functionVersions") { t in
                t.primaryKey("name", .text)
                t.column("record", .blob).notNull()
            }
        }
    }

    public func loadFunctionVersions() async throws -> [String: FunctionVersions] {
        try await writer.read { db in
            var all: [String: FunctionVersions] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, record FROM functionVersions") {
                all[row["name"]] = try Self.decoder.decode(FunctionVersions.self, from: row["record"] as Data)
            }
            return all
        }
    }

    public func saveFunctionVersions(_ name: String, _ versions: FunctionVersions) async throws {
        let data = try Self.encoder.encode(versions)
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO functionVersions (name, record) VALUES (?, ?) "
                    + "ON CONFLICT(name) DO UPDATE SET record = excluded.record",
                arguments: [name, data])
        }
    }

    public func deleteFunctionVersions(_ name: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM functionVersions WHERE name = ?", arguments: [name])
        }
    }
}
