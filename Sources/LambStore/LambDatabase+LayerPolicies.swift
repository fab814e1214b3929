import Foundation
import GRDB
import LambCore

/// Rows of `layerVersionPolicy`: one per layer version that has a resource policy, the policy as JSON. A policy
/// belongs to a live version: deleting the version (``markLayerVersionDeleted(name:version:)``) deletes it.
extension LambDatabase {
    static func registerLayerPolicyMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v13-layer-policies") { db in
            try db.create(table: "layerVersionPolicy") { t in
                t.column("name", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("record", .blob).notNull()
                t.primaryKey(["name", "version"])
                t.foreignKey(["name", "version"], references: "layerVersion", onDelete: .cascade)
            }
        }
    }

    public func layerVersionPolicy(name: String, version: Int) async throws -> ResourcePolicy? {
        try await writer.read { db in try Self.layerPolicy(name, version, db) }
    }

    /// Reads, changes and writes a layer version's policy in one transaction (an absent policy is an empty one), so
    /// concurrent changes each see the last; a policy left without statements is deleted. Returns the new policy, or
    /// `nil` (nothing changed) when the version does not exist or was deleted, also while the request ran.
    public func changeLayerVersionPolicy(
        name: String, version: Int, _ change: @escaping @Sendable (ResourcePolicy) throws -> ResourcePolicy
    ) async throws -> ResourcePolicy? {
        try await writer.write { db in
            let live =
                try Bool.fetchOne(
                    db,
                    sql: "SELECT EXISTS (SELECT 1 FROM layerVersion WHERE name = ? AND version = ? AND deleted = 0)",
                    arguments: [name, version]) ?? false
            guard live else { return nil }
            let next = try change(try Self.layerPolicy(name, version, db) ?? ResourcePolicy())
            if next.statements.isEmpty {
                try Self.deleteLayerPolicy(name, version, db)
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO layerVersionPolicy (name, version, record) VALUES (?, ?, ?)
                        ON CONFLICT(name, version) DO UPDATE SET record = excluded.record
                        """,
                    arguments: [name, version, try Self.encoder.encode(next)])
            }
            return next
        }
    }

    static func deleteLayerPolicy(_ name: String, _ version: Int, _ db: Database) throws {
        try db.execute(
            sql: "DELETE FROM layerVersionPolicy WHERE name = ? AND version = ?", arguments: [name, version])
    }

    private static func layerPolicy(_ name: String, _ version: Int, _ db: Database) throws -> ResourcePolicy? {
        try Data.fetchOne(
            db, sql: "SELECT record FROM layerVersionPolicy WHERE name = ? AND version = ?", arguments: [name, version]
        ).map { try decoder.decode(ResourcePolicy.self, from: $0) }
    }
}
