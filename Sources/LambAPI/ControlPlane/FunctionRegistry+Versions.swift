import Foundation
import LambCore
import LambEngine
import LambStore
import Synchronization

/// Published versions: PublishVersion copies `$LATEST` (code and configuration) into an immutable numbered version;
/// qualifiers resolve to a version for reads and invocations.
extension FunctionRegistry {
    /// The versions, aliases and provisioned concurrency of `name` (empty when it has none).
    public nonisolated func versions(of name: String) -> FunctionVersions {
        published.withLock { $0[name] } ?? FunctionVersions()
    }

    /// The definition a qualifier names, for reads: `$LATEST` (or none), a published version, or an alias's primary
    /// version. Throws Lambda's `ResourceNotFoundException` for anything else.
    public nonisolated func definition(_ reference: FunctionReference) throws(LambError) -> FunctionDefinition {
        try definition(reference, draw: nil)
    }

    /// The definition an invocation of `reference` runs. An alias with routing picks its version with `draw`
    /// (uniform in `0..<1`); reads pass `nil` and see the alias's primary version.
    public nonisolated func definition(_ reference: FunctionReference, draw: Double?) throws(LambError)
        -> FunctionDefinition
    {
        let record = try require(reference.name)
        guard let qualifier = reference.qualifier, qualifier != FunctionDefinition.latest else { return record.latest }
        let notFound = LambError.functionNotFound(arn: account.functionArn(reference.name, qualifier: qualifier))
        let versions = versions(of: reference.name)
        if VersionRules.isVersionNumber(qualifier) {
            guard let version = versions.version(qualifier) else { throw notFound }
            return version
        }
        guard let alias = versions.aliases[qualifier] else { throw notFound }
        let target = draw.map { alias.routedVersion(draw: $0) } ?? alias.functionVersion
        if target == FunctionDefinition.latest { return record.latest }
        guard let version = versions.version(target) else { throw notFound }
        return version
    }

    /// PublishVersion: a new version from `$LATEST`, or the last published one when nothing changed since.
    /// `codeSha256` and `revisionId`, when given, must match `$LATEST`.
    public func publishVersion(name: String, codeSha256: String?, description: String?, revisionId: String?)
        async throws -> FunctionDefinition
    {
        let record = try require(name)
        if let codeSha256, codeSha256 != record.latest.code.sha256 {
            throw LambError.invalidParameter(
                "CodeSHA256 (\(codeSha256)) is different from current CodeSHA256 in $LATEST "
                    + "(\(record.latest.code.sha256)). Please try again with the CodeSHA256 in $LATEST.")
        }
        if let revisionId, revisionId != record.latest.revisionId {
            throw LambError(
                .preconditionFailed,
                "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API "
                    + "to retrieve the latest Revision Id")
        }
        var versions = versions(of: name)
        if let last = versions.latestPublished, !VersionSnapshot.differs(record.latest, from: last) {
            return last
        }
        let number = versions.lastVersion + 1
        var definition = record.latest
        definition.version = String(number)
        if let description { definition.settings.description = description }
        definition.touch()
        versions.lastVersion = number
        versions.versions[number] = definition
        try await save(name, versions)
        if InvocationEngine.usesSnapStart(definition) { engine.startSnapStart(definition) }
        return definition
    }

    /// DeleteFunction with a version qualifier: removes that version (and its provisioned concurrency), unless an
    /// alias still routes to it.
    public func deleteVersion(name: String, qualifier: String) async throws {
        _ = try require(name)
        if qualifier == FunctionDefinition.latest {
            throw LambError.invalidParameter("$LATEST version cannot be deleted without deleting the function.")
        }
        var versions = versions(of: name)
        guard VersionRules.isVersionNumber(qualifier) else {
            if versions.aliases[qualifier] != nil {
                throw LambError.invalidParameter(
                    "Deletion of aliases is not supported by DeleteFunction; use DeleteAlias.")
            }
            throw LambError.functionNotFound(arn: account.functionArn(name, qualifier: qualifier))
        }
        guard let number = Int(qualifier), versions.versions[number] != nil else {
            throw LambError.functionNotFound(arn: account.functionArn(name, qualifier: qualifier))
        }
        let users = versions.aliases(using: qualifier).map(\.name)
        if !users.isEmpty {
            throw LambError.conflict(
                "Unable to delete version because the following aliases reference it: "
                    + "[\(users.joined(separator: ", "))]"
            )
        }
        versions.versions[number] = nil
        versions.provisioned[qualifier] = nil
        try await save(name, versions)
        _ = try? await database.deleteEventInvokeConfig(function: name, qualifier: qualifier)
        try? await database.deleteRuntimeManagementConfig(function: name, qualifier: qualifier)
        engine.versionDeleted(name, version: qualifier)
    }

    /// Writes a function's versions to SQLite, then makes them visible.
    func save(_ name: String, _ versions: FunctionVersions) async throws {
        try await database.saveFunctionVersions(name, versions)
        published.withLock { $0[name] = versions }
    }

    /// Loads every function's versions at start.
    func loadVersions() async throws {
        var all = try await database.loadFunctionVersions()
        // Provisioned concurrency is re-initialised after a restart: what was allocated is gone with the old process.
        for name in all.keys {
            for qualifier in all[name]!.provisioned.keys {
                let requested = all[name]!.provisioned[qualifier]!.requested
                all[name]!.provisioned[qualifier] = ProvisionedConcurrencyConfig(requested: requested)
            }
        }
        published.withLock { $0 = all }
        for (name, versions) in all {
            for qualifier in versions.provisioned.keys { startProvisioning(name, qualifier) }
            for version in versions.orderedVersions where InvocationEngine.usesSnapStart(version) {
                engine.startSnapStart(version)
            }
        }
    }
}
