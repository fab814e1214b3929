import Foundation
import LambCore
import LambEngine
import LambImages
import LambStore
import Synchronization

/// Container image functions: created and updated from an `ImageUri` that the image cache pulls (or finds) and
/// unpacks first, so that a function never points at an image Lamb does not have.
extension FunctionRegistry {
    var images: ImageStore? { code.images }

    /// The image `uri` names, pinned, or Lambda's `InvalidParameterValueException` naming what went wrong.
    func prepareImage(_ uri: String) async throws -> ImageCode {
        guard let images else { throw LambError.invalidParameter("Lamb has no image cache.") }
        do {
            return try await images.prepare(uri)
        } catch let error as ImageError {
            throw error.lambError(uri: uri)
        }
    }

    /// CreateFunction with `PackageType: Image`.
    public func create(
        name: String, patch: FunctionSettingsPatch, imageUri: String, tags: [String: String],
        codeSigningConfig: String? = nil
    ) async throws -> FunctionRecord {
        guard FunctionReference.isValidName(name) else { throw FunctionReference.invalidName(name) }
        if function(named: name) != nil { throw LambError.conflict("Function already exist: \(name)") }
        var patch = patch
        patch.packageType = .image
        let settings = try FunctionSettings.creating(from: patch, runtimes: runtimes)
        let image = try await prepareImage(imageUri)
        var definition = FunctionDefinition(name: name, settings: settings, code: .empty(for: image))
        definition.image = image
        let record = FunctionRecord(latest: definition, tags: tags)
        try await database.insertFunction(record, codeSigningConfig: codeSigningConfig)
        publish(record)
        return record
    }

    /// UpdateFunctionCode with `ImageUri` (the tag is resolved again: a new push is picked up here, as on Lambda).
    public func updateCode(name: String, imageUri: String, revisionId: String?, dryRun: Bool) async throws
        -> FunctionRecord
    {
        var record = try require(name)
        try checkRevision(revisionId, of: record)
        guard record.latest.settings.isImage else { throw Self.packageTypeMismatch(image: false) }
        let image = try await prepareImage(imageUri)
        if dryRun { return record }
        record.latest.image = image
        record.latest.code = .empty(for: image)
        record.latest.touch()
        try await database.updateFunction(record)
        publish(record)
        engine.functionChanged(name)
        return record
    }

    /// Code of the other package type than the function's.
    static func packageTypeMismatch(image: Bool) -> LambError {
        image
            ? LambError.invalidParameter("Please provide ImageUri when updating a function with packageType Image.")
            : LambError.invalidParameter("Please don't provide ImageUri when updating a function with packageType Zip.")
    }

    /// Every cached image with the function versions that use it (`lamb images`).
    public func imageSummaries() async -> [ImageSummary] {
        guard let images else { return [] }
        let users = imageUsers()
        return await images.list().map { ImageSummary($0, functions: users[$0.configDigest] ?? []) }
    }

    /// Removes the cached images no function version uses (`lamb images prune`).
    public func pruneImages() async -> [ImageSummary] {
        guard let images else { return [] }
        return await images.prune(keeping: Set(imageUsers().keys)).map { ImageSummary($0, functions: []) }
    }

    /// Config digest → `name` (`$LATEST`) and `name:N` (published versions) of the versions that run it.
    nonisolated func imageUsers() -> [String: [String]] {
        var users: [String: [String]] = [:]
        for record in allFunctions() {
            if let image = record.latest.image { users[image.configDigest, default: []].append(record.name) }
        }
        for (name, versions) in published.withLock({ $0 }) {
            for (number, definition) in versions.versions {
                if let image = definition.image { users[image.configDigest, default: []].append("\(name):\(number)") }
            }
        }
        return users.mapValues { $0.sorted() }
    }
}
