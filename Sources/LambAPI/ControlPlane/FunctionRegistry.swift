import Foundation
import LambCore
import LambEngine
import LambRuntimes
import LambStore
import Synchronization

/// The functions Lamb knows: every change goes through this actor (so concurrent updates of one function are
/// serialised and each sees the last), is written to SQLite before it is visible, and is then published to an
/// in-memory snapshot that the invoke path reads without waiting.
public actor FunctionRegistry {
    let database: LambDatabase
    let blobs: BlobStore
    let code: FunctionCodeDirectories
    let runtimes: RuntimeCatalog
    let engine: InvocationEngine
    /// The layers functions may use; their `Layers` are checked against it.
    public nonisolated let layers: LayerRegistry
    nonisolated let account: AccountContext
    private nonisolated let snapshot = Mutex([String: FunctionRecord]())
    /// Published versions, aliases and provisioned concurrency per function (see `FunctionRegistry+Versions`).
    nonisolated let published = Mutex([String: FunctionVersions]())
    /// Function URLs by URL id (see `FunctionRegistry+FunctionURLs`).
    nonisolated let functionURLsById = Mutex([String: FunctionURLTarget]())
    /// One change of a resource policy at a time (see `FunctionRegistry+Policies`).
    nonisolated let policyWrites = AsyncSerialLock()

    public init(
        database: LambDatabase, blobs: BlobStore, code: FunctionCodeDirectories, runtimes: RuntimeCatalog,
        engine: InvocationEngine, layers: LayerRegistry, account: AccountContext
    ) {
        self.database = database
        self.blobs = blobs
        self.code = code
        self.runtimes = runtimes
        self.engine = engine
        self.layers = layers
        self.account = account
    }

    /// Loads every stored function; removes code directories no function uses any more.
    public func load() async throws {
        let records = try await database.loadFunctions()
        snapshot.withLock { s in
            s = Dictionary(uniqueKeysWithValues: records.map { ($0.name, $0) })
        }
        for record in records {
            code.removeDirectories(of: record.name, keeping: record.latest.code.blobName)
            if let reserved = record.reservedConcurrency {
                // A reservation that no longer fits (Lamb restarted with a lower limit) is dropped, not fatal.
                try? engine.setReservedConcurrency(record.name, reserved)
            }
        }
        try await loadVersions()
        try await loadFunctionURLs()
    }

    // MARK: Reads (no waiting)

    public nonisolated func function(named name: String) -> FunctionRecord? {
        snapshot.withLock { $0[name] }
    }

    /// The function or Lambda's `ResourceNotFoundException`.
    public nonisolated func require(_ name: String) throws(LambError) -> FunctionRecord {
        guard let record = function(named: name) else {
            throw LambError.functionNotFound(arn: account.functionArn(name))
        }
        return record
    }

    /// All functions, sorted by name.
    public nonisolated func allFunctions() -> [FunctionRecord] {
        snapshot.withLock { Array($0.values) }.sorted { $0.name < $1.name }
    }

    // MARK: Changes

    /// CreateFunction. `codeSigningConfig` is the id of the code signing configuration the function uses, stored in
    /// the same transaction as the function.
    public func create(
        name: String, patch: FunctionSettingsPatch, zip: Data, tags: [String: String], codeSigningConfig: String? = nil
    ) async throws -> FunctionRecord {
        guard FunctionReference.isValidName(name) else { throw FunctionReference.invalidName(name) }
        if function(named: name) != nil { throw LambError.conflict("Function already exist: \(name)") }
        let settings = try FunctionSettings.creating(from: patch, runtimes: runtimes)
        let archive = try CodeArchive(validating: zip)
        try await layers.importForeign(settings.layers)
        let resolvedLayers = try layers.resolve(settings.layers)
        try FunctionLayers.checkCombinedSize(codeBytes: archive.unzippedSize, layers: resolvedLayers)
        let stored = try blobs.store(zip)
        let record = FunctionRecord(
            latest: FunctionDefinition(name: name, settings: settings, code: stored.reference), tags: tags)
        try await install(archive, stored, for: record.latest) {
            try await database.insertFunction(record, codeSigningConfig: codeSigningConfig)
        }
        publish(record)
        return record
    }

    public func updateCode(name: String, zip: Data, revisionId: String?, dryRun: Bool) async throws -> FunctionRecord {
        var record = try require(name)
        try checkRevision(revisionId, of: record)
        if record.latest.settings.isImage { throw Self.packageTypeMismatch(image: true) }
        let archive = try CodeArchive(validating: zip)
        let attached = record.latest.settings.layers
        try FunctionLayers.checkCombinedSize(
            codeBytes: archive.unzippedSize, layers: try layers.resolve(attached, alreadyAttached: attached))
        if dryRun { return record }
        let stored = try blobs.store(zip)
        record.latest.code = stored.reference
        record.latest.touch()
        try await install(archive, stored, for: record.latest) { try await database.updateFunction(record) }
        publish(record)
        engine.functionChanged(name)
        return record
    }

    public func updateConfiguration(name: String, patch: FunctionSettingsPatch, revisionId: String?) async throws
        -> FunctionRecord
    {
        var record = try require(name)
        try checkRevision(revisionId, of: record)
        let settings = try record.latest.settings.applying(patch, runtimes: runtimes)
        if settings.layers != record.latest.settings.layers {
            try await layers.importForeign(settings.layers)
            let resolved = try layers.resolve(settings.layers, alreadyAttached: record.latest.settings.layers)
            let code = try CodeArchive(validating: blobs.data(for: record.latest.code))
            try FunctionLayers.checkCombinedSize(codeBytes: code.unzippedSize, layers: resolved)
        }
        record.latest.settings = settings
        record.latest.touch()
        try await database.updateFunction(record)
        publish(record)
        engine.functionChanged(name)
        return record
    }

    public func delete(name: String) async throws {
        _ = try require(name)
        try await database.deleteFunction(named: name)
        try await database.deleteFunctionVersions(name)
        _ = snapshot.withLock { $0.removeValue(forKey: name) }
        _ = published.withLock { $0.removeValue(forKey: name) }
        forgetFunctionURLs(of: name)
        engine.functionChanged(name, deleted: true)
        try? engine.setReservedConcurrency(name, nil)
        code.removeDirectories(of: name)
    }

    public func tag(name: String, tags: [String: String]) async throws {
        var record = try require(name)
        record.tags.merge(tags) { _, new in new }
        try await database.updateFunction(record)
        publish(record)
    }

    public func untag(name: String, keys: [String]) async throws {
        var record = try require(name)
        for key in keys { record.tags[key] = nil }
        try await database.updateFunction(record)
        publish(record)
    }

    /// PutFunctionRecursionConfig: kept in the function's record (one setting for all its versions), so it survives
    /// restarts and goes with the function; read it with ``recursiveLoop(of:)``.
    public func setRecursiveLoop(name: String, _ value: RecursiveLoop) async throws {
        var record = try require(name)
        record.recursionConfig = value
        try await database.updateFunction(record)
        publish(record)
    }

    /// PutFunctionConcurrency / DeleteFunctionConcurrency (`nil`).
    public func setReservedConcurrency(name: String, _ value: Int?) async throws {
        var record = try require(name)
        let previous = record.reservedConcurrency
        try engine.setReservedConcurrency(name, value)
        record.reservedConcurrency = value
        do {
            try await database.updateFunction(record)
        } catch {
            try? engine.setReservedConcurrency(name, previous)
            throw error
        }
        publish(record)
    }

    /// Unpacks `archive` for `definition`, then runs `commit` (the database write). If either fails, takes back what
    /// the change stored: the code directory it unpacked, and the blob it wrote unless something references it (an
    /// identical zip stored meanwhile).
    private func install(
        _ archive: CodeArchive, _ stored: (reference: CodeReference, created: Bool), for definition: FunctionDefinition,
        commit: () async throws -> Void
    ) async throws {
        var installed = false
        do {
            installed = try code.install(archive, for: definition)
            try await commit()
        } catch {
            if installed { code.uninstall(definition) }
            if stored.created && !referencedBlobNames().contains(stored.reference.blobName) {
                blobs.remove(stored.reference)
            }
            throw error
        }
    }

    /// Every code blob a function version or a layer version (deleted ones included: functions keep them) uses.
    nonisolated func referencedBlobNames() -> Set<String> {
        var names = Set(snapshot.withLock { $0.values.map(\.latest.code.blobName) })
        for versions in published.withLock({ Array($0.values) }) {
            names.formUnion(versions.versions.values.map(\.code.blobName))
        }
        return names.union(layers.referencedBlobNames())
    }

    func publish(_ record: FunctionRecord) {
        snapshot.withLock { $0[record.name] = record }
    }

    func checkRevision(_ revisionId: String?, of record: FunctionRecord) throws {
        if let revisionId, revisionId != record.latest.revisionId {
            throw LambError(
                .preconditionFailed,
                "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id")
        }
    }
}
