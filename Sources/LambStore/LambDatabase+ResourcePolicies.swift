import Foundation
import GRDB
import LambCore

/// Rows of `resourcePolicy`: one per function and qualifier (`""` for the unqualified function), the policy as JSON.
/// A policy belongs to its function: deleting the function deletes its policies.
extension LambDatabase {
    static func registerResourcePolicyMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12-resource-policies") { db in
            try db.create(table: "resourcePolicy") { t in
                t.column("function", .text).notNull().references("function", column: "name", onDelete: .cascade)
                t.column("qualifier", .text).notNull()
                t.column("record", .blob).notNull()
                t.primaryKey(["function", "qualifier"])
            }
        }
    }

    public func resourcePolicy(function: String, qualifier: String) async throws -> ResourcePolicy? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT record FROM resourcePolicy WHERE function = ? AND qualifier = ?",
                arguments: [function, qualifier]
            ).map { try Self.decoder.decode(ResourcePolicy.self, from: $0["record"] as Data) }
        }
    }

    /// Stores the policy, or deletes it when it has no statement left.
    public func saveResourcePolicy(_ policy: ResourcePolicy, function: String, qualifier: String) async throws {
        let data = try Self.encoder.encode(policy)
        try await writer.write { db in
            if policy.statements.isEmpty {
                try db.execute(
                    sql: "DELETE FROM resourcePolicy WHERE function = ? AND qualifier = ?",
                    arguments: [function, qualifier])
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO resourcePolicy (function, qualifier, record) VALUES (?, ?, ?)
                        ON CONFLICT(function, qualifier) DO UPDATE SET record = excluded.record
                        """,
                    arguments: [function, qualifier, data])
            }
        }
    }
}
