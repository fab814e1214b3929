import Foundation
import GRDB
import LambCore

/// Rows of `codeSigningConfig` (one per configuration, its record as JSON) and `functionCodeSigningConfig` (which
/// configuration a function uses). Deleting a function deletes its row; a configuration a function uses cannot be
/// deleted: the check below says which functions, the foreign key backs it.
extension LambDatabase {
    /// What DeleteCodeSigningConfig did.
    public enum CodeSigningConfigDeletion: Sendable, Equatable {
        case deleted
        case missing
        /// Not deleted: these functions use it.
        case usedBy([String])
    }

    static func registerCodeSigningMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14-code-signing") { db in
            try db.create(table: "codeSigningConfig") { t in
                t.primaryKey("id", .text)
                t.column("record", .blob).notNull()
                t.column("createdAt", .double).notNull()
            }
            try db.create(table: "functionCodeSigningConfig") { t in
                t.primaryKey("function", .text).references("function", column: "name", onDelete: .cascade)
                t.column("config", .text).notNull().indexed()
                    .references("codeSigningConfig", column: "id", onDelete: .restrict)
            }
        }
    }

    public func insertCodeSigningConfig(_ config: CodeSigningConfig) async throws {
        let data = try Self.encoder.encode(config)
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO codeSigningConfig (id, record, createdAt) VALUES (?, ?, ?)",
                arguments: [config.id, data, config.lastModified.timeIntervalSince1970])
        }
    }

    public func codeSigningConfig(id: String) async throws -> CodeSigningConfig? {
        try await writer.read { db in try Self.codeSigningConfig(id, db) }
    }

    /// Every configuration, oldest first.
    public func codeSigningConfigs() async throws -> [CodeSigningConfig] {
        try await writer.read { db in
            try Data.fetchAll(db, sql: "SELECT record FROM codeSigningConfig ORDER BY createdAt, id")
                .map { try Self.decoder.decode(CodeSigningConfig.self, from: $0) }
        }
    }

    /// Reads, changes and writes a configuration in one transaction; `nil` when there is no such configuration.
    public func changeCodeSigningConfig(
        id: String, _ change: @escaping @Sendable (CodeSigningConfig) throws -> CodeSigningConfig
    ) async throws -> CodeSigningConfig? {
        try await writer.write { db in
            guard let current = try Self.codeSigningConfig(id, db) else { return nil }
            let next = try change(current)
            try db.execute(
                sql: "UPDATE codeSigningConfig SET record = ? WHERE id = ?",
                arguments: [try Self.encoder.encode(next), id])
            return next
        }
    }

    /// Deletes a configuration that no function uses.
    public func deleteCodeSigningConfig(id: String) async throws -> CodeSigningConfigDeletion {
        try await writer.write { db in
            let users = try Self.functions(usingCodeSigningConfig: id, db)
            if !users.isEmpty { return .usedBy(users) }
            try db.execute(sql: "DELETE FROM codeSigningConfig WHERE id = ?", arguments: [id])
            return db.changesCount > 0 ? .deleted : .missing
        }
    }

    /// Makes `function` use the configuration `id`; `false` (nothing changed) when there is no such configuration.
    public func setFunctionCodeSigningConfig(function: String, id: String) async throws -> Bool {
        do {
            return try await writer.write { db in
                guard try Self.codeSigningConfig(id, db) != nil else { return false }
                try db.execute(
                    sql: """
                        INSERT INTO functionCodeSigningConfig (function, config) VALUES (?, ?)
                        ON CONFLICT(function) DO UPDATE SET config = excluded.config
                        """,
                    arguments: [function, id])
                return true
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw LambError.notFound("The function was deleted while the request ran.")
        }
    }

    public func deleteFunctionCodeSigningConfig(function: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM functionCodeSigningConfig WHERE function = ?", arguments: [function])
        }
    }

    /// The id of the configuration `function` uses, if any.
    public func functionCodeSigningConfigId(function: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(
                db, sql: "SELECT config FROM functionCodeSigningConfig WHERE function = ?", arguments: [function])
        }
    }

    /// The functions that use the configuration `id`, by name.
    public func functions(usingCodeSigningConfig id: String) async throws -> [String] {
        try await writer.read { db in try Self.functions(usingCodeSigningConfig: id, db) }
    }

    static func functions(usingCodeSigningConfig id: String, _ db: Database) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT function FROM functionCodeSigningConfig WHERE config = ? ORDER BY function",
            arguments: [id])
    }

    private static func codeSigningConfig(_ id: String, _ db: Database) throws -> CodeSigningConfig? {
        try Data.fetchOne(db, sql: "SELECT record FROM codeSigningConfig WHERE id = ?", arguments: [id])
            .map { try decoder.decode(CodeSigningConfig.self, from: $0) }
    }
}
