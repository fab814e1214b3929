import Foundation
import GRDB
import LambCore

/// Rows of the `layerVersion` table: one per published layer version, its record as JSON.
extension LambDatabase {
    /// A stored layer version and whether DeleteLayerVersion removed it.
    public struct StoredLayerVersion: Sendable {
        public var layer: LayerVersion
        public var deleted: Bool
    }

    public func loadLayerVersions() async throws -> [StoredLayerVersion] {
        try await writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT record, deleted FROM layerVersion ORDER BY name, version")
            return try rows.map { row in
                StoredLayerVersion(
                    layer: try Self.decoder.decode(LayerVersion.self, from: row["record"] as Data),
                    deleted: row["deleted"] as Bool)
            }
        }
    }

    /// Inserts a new version; its number must be new for the layer (a deleted version's number included).
    public func insertLayerVersion(_ layer: LayerVersion) async throws {
        let data = try Self.encoder.encode(layer)
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO layerVersion (name, version, record, deleted) VALUES (?, ?, ?, 0)",
                arguments: [layer.name, layer.version, data])
        }
    }

    /// Marks a version deleted and deletes its resource policy; `false` when there was no such live version.
    @discardableResult
    public func markLayerVersionDeleted(name: String, version: Int) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE layerVersion SET deleted = 1 WHERE name = ? AND version = ? AND deleted = 0",
                arguments: [name, version])
            let marked = db.changesCount > 0
            try Self.deleteLayerPolicy(name, version, db)
            return marked
        }
    }
}
