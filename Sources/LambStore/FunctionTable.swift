import Foundation
import GRDB
import LambCore

/// Rows of the `function` table: one per function, its record as JSON.
extension LambDatabase {
    public func loadFunctions() async throws -> [FunctionRecord] {
        try await writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT record FROM function ORDER BY name")
            return try rows.map { row in try Self.decoder.decode(FunctionRecord.self, from: row["record"] as Data) }
        }
    }

    /// Inserts a new function, and in the same transaction the code signing configuration it uses, if any; throws
    /// `ResourceConflictException` if the name is taken, `CodeSigningConfigNotFoundException` if the configuration
    /// is gone (it was deleted while the request ran).
    public func insertFunction(_ record: FunctionRecord, codeSigningConfig: String? = nil) async throws {
        let data = try Self.encoder.encode(record)
        do {
            try await writer.write { db in
                try db.execute(
                    sql: "INSERT INTO function (name, record, createdAt) VALUES (?, ?, ?)",
                    arguments: [record.name, data, record.createdAt.timeIntervalSince1970])
                if let codeSigningConfig {
                    try db.execute(
                        sql: "INSERT INTO functionCodeSigningConfig (function, config) VALUES (?, ?)",
                        arguments: [record.name, codeSigningConfig])
                }
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw LambError.conflict("Function already exist: \(record.name)")
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw LambError(
                .codeSigningConfigNotFound,
                "The code signing configuration cannot be found. Check that the provided configuration is not deleted.")
        }
    }

    public func updateFunction(_ record: FunctionRecord) async throws {
        let data = try Self.encoder.encode(record)
        try await writer.write { db in
            try db.execute(sql: "UPDATE function SET record = ? WHERE name = ?", arguments: [data, record.name])
        }
    }

    public func deleteFunction(named name: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM function WHERE name = ?", arguments: [name])
        }
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .millisecondsSince1970
        e.outputFormatting = .sortedKeys
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .millisecondsSince1970
        return d
    }()
}
