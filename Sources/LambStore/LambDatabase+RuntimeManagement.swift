import Foundation
import GRDB
import LambCore

/// Rows of `runtimeManagementConfig`: one per function version (`$LATEST` or a number) whose runtime management was
/// put, the configuration as JSON. Deleting the function deletes its rows; deleting a version deletes that one.
extension LambDatabase {
    static func registerFunctionConfigMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v15-function-configs") { db in
            try db.create(table: "runtimeManagementConfig") { t in
                t.column("function", .text).notNull().references("function", column: "name", onDelete: .cascade)
                t.column("qualifier", .text).notNull()
                t.column("record", .blob).notNull()
                t.primaryKey(["function", "qualifier"])
            }
        }
    }

    public func runtimeManagementConfig(function: String, qualifier: String) async throws -> RuntimeManagementConfig? {
        try await writer.read { db in
            try Data.fetchOne(
                db, sql: "SELECT record FROM runtimeManagementConfig WHERE function = ? AND qualifier = ?",
                arguments: [function, qualifier]
            ).map { try Self.decoder.decode(RuntimeManagementConfig.self, from: $0) }
        }
    }

    /// Stores a version's configuration, replacing any it had. Throws `ResourceNotFoundException` when the function
    /// is gone (it was deleted while the request ran).
    public func putRuntimeManagementConfig(
        _ config: RuntimeManagementConfig, function: String, qualifier: String
    ) async throws {
        let data = try Self.encoder.encode(config)
        do {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO runtimeManagementConfig (function, qualifier, record) VALUES (?, ?, ?)
                        ON CONFLICT(function, qualifier) DO UPDATE SET record = excluded.record
                        """,
                    arguments: [function, qualifier, data])
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw LambError.notFound("The function was deleted while the request ran.")
        }
    }

    /// Deletes a version's configuration (the version was deleted).
    public func deleteRuntimeManagementConfig(function: String, qualifier: String) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "DELETE FROM runtimeManagementConfig WHERE function = ? AND qualifier = ?",
                arguments: [function, qualifier])
        }
    }
}
