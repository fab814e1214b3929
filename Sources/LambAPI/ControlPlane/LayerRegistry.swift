import Foundation
import LambCore
import LambRuntimes
import LambStore
import Logging
import Synchronization

/// The layers Lamb knows: publishing and deleting go through this actor (so two publishes of one layer get
/// distinct numbers), are written to SQLite first, then published to an in-memory snapshot that reads use without
/// waiting.
///
/// Deleting a version hides it from the API and from new function configurations, but functions that already use
/// it keep it, as on Lambda; its number is never given out again.
public actor LayerRegistry {
    struct Entry: Sendable {
        var layer: LayerVersion
        var deleted: Bool
    }

    let database: LambDatabase
    let blobs: BlobStore
    nonisolated let directories: LayerDirectories
    nonisolated let account: AccountContext
    /// Layer name → version number → entry.
    private nonisolated let snapshot = Mutex([String: [Int: Entry]]())
    /// Versions of other accounts' and regions' layers, imported once (``ForeignLayerSource``), by ARN.
    let imported: ImportedLayers
    nonisolated let foreign: ForeignLayerSource
    private let logger = Logger(label: "lamb.layers")

    public init(
        database: LambDatabase, blobs: BlobStore, directories: LayerDirectories, account: AccountContext,
        foreign: ForeignLayerSource = ForeignLayerSource()
    ) {
        self.database = database
        self.blobs = blobs
        self.directories = directories
        self.account = account
        self.foreign = foreign
        imported = ImportedLayers(index: directories.root.appendingPathComponent("imported.json"))
    }

    public func load() async throws {
        try imported.load()
        let stored = try await database.loadLayerVersions()
        snapshot.withLock { s in
            s = [:]
            for row in stored {
                s[row.layer.name, default: [:]][row.layer.version] = Entry(layer: row.layer, deleted: row.deleted)
            }
        }
    }

    // MARK: Changes

    /// PublishLayerVersion: validates everything before storing anything.
    public func publish(name: String, settings: LayerVersionSettings, zip: Data) async throws -> LayerVersion {
        try settings.validate()
        let archive = try CodeArchive(validating: zip)
        // Were the insert to fail, the blob would stay: a function may have taken the same zip meanwhile, and this
        // actor cannot ask; one nobody uses is collected at the next start (``DataDirectorySweep``).
        let reference = try blobs.put(zip)
        let number = (snapshot.withLock { $0[name]?.keys.max() } ?? 0) + 1
        let layer = LayerVersion(
            name: name, version: number, settings: settings, code: reference, unzippedSize: archive.unzippedSize)
        try await database.insertLayerVersion(layer)
        snapshot.withLock { $0[name, default: [:]][number] = Entry(layer: layer, deleted: false) }
        return layer
    }

    /// DeleteLayerVersion: succeeds whether or not the version exists, as Lambda's does.
    public func delete(name: String, version: Int) async throws {
        guard snapshot.withLock({ $0[name]?[version].map { !$0.deleted } ?? false }) else { return }
        try await database.markLayerVersionDeleted(name: name, version: version)
        snapshot.withLock { $0[name]?[version]?.deleted = true }
    }

    /// Imports the versions among `arns` that belong to another account or region and are not imported yet, so
    /// that ``resolve(_:alreadyAttached:)`` finds them. Malformed ARNs are left for `resolve` to refuse.
    public func importForeign(_ arns: [String]) async throws {
        for raw in arns {
            guard let arn = LayerVersionArn.parse(raw), arn.region != account.region || arn.accountId != account.accountId,
                imported.version(raw) == nil
            else { continue }
            let found = try await foreign.fetch(raw, account: account)
            let archive = try CodeArchive(validating: found.zip)
            let layer = LayerVersion(
                name: arn.layerName, version: arn.version, settings: found.settings, code: try blobs.put(found.zip),
                unzippedSize: archive.unzippedSize)
            try imported.add(layer, arn: raw)
            logger.notice("layer version imported", metadata: ["layer.arn": "\(raw)", "from": "\(found.origin)"])
        }
    }

    // MARK: Reads (no waiting)

    /// The code blobs of every layer version, deleted ones included (functions that use them keep them), and of
    /// the imported ones.
    public nonisolated func referencedBlobNames() -> Set<String> {
        snapshot.withLock { s in Set(s.values.flatMap { $0.values.map(\.layer.code.blobName) }) }
            .union(imported.blobNames())
    }

    /// A version the API can show (not deleted).
    public nonisolated func version(_ name: String, _ number: Int) -> LayerVersion? {
        snapshot.withLock { s in s[name]?[number].flatMap { $0.deleted ? nil : $0.layer } }
    }

    /// The live versions of a layer, newest first.
    public nonisolated func versions(of name: String) -> [LayerVersion] {
        snapshot.withLock { s in
            (s[name] ?? [:]).values.filter { !$0.deleted }.map(\.layer).sorted { $0.version > $1.version }
        }
    }

    /// Names of the layers that have at least one live version, sorted.
    public nonisolated func layerNames() -> [String] {
        snapshot.withLock { s in s.filter { $0.value.values.contains { !$0.deleted } }.keys.sorted() }
    }

    /// The version an ARN names, if it is one of this account's and region's; deleted versions only when
    /// `includingDeleted` (functions that already use one keep it).
    public nonisolated func version(at arn: LayerVersionArn, includingDeleted: Bool = false) -> LayerVersion? {
        guard arn.region == account.region, arn.accountId == account.accountId else {
            return imported.version(arn.description)
        }
        return snapshot.withLock { s in
            guard let entry = s[arn.layerName]?[arn.version], includingDeleted || !entry.deleted else { return nil }
            return entry.layer
        }
    }

    /// Resolves a function's `Layers` for a create or configuration update. Versions in `alreadyAttached` may be
    /// deleted ones: a function keeps the layers it has.
    public nonisolated func resolve(_ arns: [String], alreadyAttached: [String] = []) throws -> [LayerVersion] {
        try FunctionLayers.resolve(arns) { arn in
            version(at: arn, includingDeleted: alreadyAttached.contains(arn.description))
        }
    }

    /// `Layers[].CodeSize` of a function configuration: each layer's zip size.
    public nonisolated func codeSizes(_ arns: [String]) -> [String: Int] {
        var sizes: [String: Int] = [:]
        for raw in arns {
            if let arn = LayerVersionArn.parse(raw), let layer = version(at: arn, includingDeleted: true) {
                sizes[raw] = layer.code.size
            }
        }
        return sizes
    }

    /// The merged `/opt` directory of a function's layers, or `nil` when it has none.
    public nonisolated func mergedDirectory(for arns: [String]) throws -> String? {
        if arns.isEmpty { return nil }
        let layers = try arns.map { raw in
            guard let arn = LayerVersionArn.parse(raw), let layer = version(at: arn, includingDeleted: true) else {
                throw LambError.service("Layer version \(raw) of this function is missing from Lamb's data directory.")
            }
            return layer
        }
        return try directories.merged(layers)
    }
}
