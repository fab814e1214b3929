import Foundation
import GRDB
import LambCore

/// Rows of `functionUrl`: one per function and qualifier (`$LATEST` or an alias), the config as JSON.
extension LambDatabase {
    /// The schema of function URLs: registered after the migrations before it, never edited.
    static func registerFunctionURLMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-function-urls") { db in
            // A URL belongs to its function: deleting the function deletes its URLs. An alias's URL is deleted with
            // the alias by the registry (aliases are not rows of their own).
            try db.create(table: "functionUrl") { t in
                t.column("function", .text).notNull().references("function", column: "name", onDelete: .cascade)
                t.column("qualifier", .text).notNull()
                t.column("urlId", .text).notNull().unique()
                t.column("config", .blob).notNull()
                t.primaryKey(["function", "qualifier"])
            }
        }
    }

    /// Every stored function URL, by function and qualifier.
    public func functionURLs() async throws -> [FunctionURLTarget] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT function, qualifier, config FROM functionUrl ORDER BY function, qualifier"
            )
            .map { row in
                FunctionURLTarget(
                    function: row["function"], qualifier: row["qualifier"],
                    config: try Self.decoder.decode(FunctionURLConfig.self, from: row["config"]))
            }
        }
    }

    /// Stores a new URL. Throws `ResourceConflictException` when the qualifier has one already (`conflict` words
    /// it) and `ResourceNotFoundException` when the function is gone (deleted while the request ran).
    public func insertFunctionURL(_ target: FunctionURLTarget, conflict: LambError) async throws {
        let data = try Self.encoder.encode(target.config)
        do {
            try await writer.write { db in
                try db.execute(
                    sql: "INSERT INTO functionUrl (function, qualifier, urlId, config) VALUES (?, ?, ?, ?)",
                    arguments: [target.function, target.qualifier, target.config.urlId, data])
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw LambError.notFound("Function does not exist")
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw conflict
        }
    }

    /// Replaces a URL's config; `false` if the qualifier has none.
    public func updateFunctionURL(_ target: FunctionURLTarget) async throws -> Bool {
        let data = try Self.encoder.encode(target.config)
        return try await writer.write { db in
            try db.execute(
                sql: "UPDATE functionUrl SET config = ? WHERE function = ? AND qualifier = ?",
                arguments: [data, target.function, target.qualifier])
            return db.changesCount > 0
        }
    }

    /// Deletes a URL; `false` if there was none.
    public func deleteFunctionURL(function: String, qualifier: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "DELETE FROM functionUrl WHERE function = ? AND qualifier = ?", arguments: [function, qualifier])
            return db.changesCount > 0
        }
    }
}
