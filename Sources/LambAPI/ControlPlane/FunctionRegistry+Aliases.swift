import Foundation
import LambCore
import LambEngine
import LambStore
import Synchronization

/// What CreateAlias and UpdateAlias ask for; `nil` members of an update leave the alias as it is.
public struct AliasChange: Sendable {
    public var functionVersion: String?
    public var description: String?
    public var additionalVersionWeights: [String: Double]?
    public var revisionId: String?

    public init(
        functionVersion: String? = nil, description: String? = nil, additionalVersionWeights: [String: Double]? = nil,
        revisionId: String? = nil
    ) {
        self.functionVersion = functionVersion
        self.description = description
        self.additionalVersionWeights = additionalVersionWeights
        self.revisionId = revisionId
    }
}

/// Aliases: named pointers to versions, with optional weighted routing to a second version.
extension FunctionRegistry {
    public nonisolated func alias(_ function: String, _ name: String) throws(LambError) -> FunctionAlias {
        _ = try require(function)
        guard let alias = versions(of: function).aliases[name] else { throw aliasNotFound(function, name) }
        return alias
    }

    public func createAlias(function: String, name: String, change: AliasChange) async throws -> FunctionAlias {
        try VersionRules.validateAliasName(name)
        guard let version = change.functionVersion else {
            throw LambError.invalidParameter("FunctionVersion is required.")
        }
        _ = try require(function)
        var versions = versions(of: function)
        let alias = FunctionAlias(
            name: name, functionVersion: version, description: change.description ?? "",
            additionalVersionWeights: change.additionalVersionWeights ?? [:])
        try check(alias, in: versions, function: function)
        if versions.aliases[name] != nil {
            throw LambError.conflict("Alias already exists: \(account.functionArn(function, qualifier: name))")
        }
        versions.aliases[name] = alias
        try await save(function, versions)
        return alias
    }

    public func updateAlias(function: String, name: String, change: AliasChange) async throws -> FunctionAlias {
        var alias = try alias(function, name)
        if let revisionId = change.revisionId, revisionId != alias.revisionId {
            throw LambError(
                .preconditionFailed,
                "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API "
                    + "to retrieve the latest Revision Id")
        }
        if let version = change.functionVersion { alias.functionVersion = version }
        if let description = change.description { alias.description = description }
        if let weights = change.additionalVersionWeights { alias.additionalVersionWeights = weights }
        var versions = versions(of: function)
        try check(alias, in: versions, function: function)
        alias.revisionId = UUID().uuidString.lowercased()
        let movedTo = alias.functionVersion != versions.aliases[name]?.functionVersion
        versions.aliases[name] = alias
        try await save(function, versions)
        // Provisioned concurrency follows the alias to its new version.
        if movedTo, versions.provisioned[name] != nil { startProvisioning(function, name) }
        return alias
    }

    public func deleteAlias(function: String, name: String) async throws {
        _ = try alias(function, name)
        var versions = versions(of: function)
        versions.aliases[name] = nil
        let hadProvisioned = versions.provisioned.removeValue(forKey: name) != nil
        try await save(function, versions)
        // Its event invoke config goes with it: an alias created again under this name starts without one.
        _ = try? await database.deleteEventInvokeConfig(function: function, qualifier: name)
        _ = try? await removeFunctionURL(function: function, qualifier: name)
        if hadProvisioned { engine.unprovision(function, key: name) }
    }

    /// The alias's versions must exist and its routing be valid; refusals change nothing.
    private nonisolated func check(_ alias: FunctionAlias, in versions: FunctionVersions, function: String)
        throws(LambError)
    {
        try VersionRules.validateVersion(alias.functionVersion)
        try VersionRules.validateRouting(primary: alias.functionVersion, weights: alias.additionalVersionWeights)
        for version in alias.versions where version != FunctionDefinition.latest && versions.version(version) == nil {
            throw LambError.functionNotFound(arn: account.functionArn(function, qualifier: version))
        }
    }

    nonisolated func aliasNotFound(_ function: String, _ name: String) -> LambError {
        LambError.notFound("Alias not found: \(account.functionArn(function, qualifier: name))")
    }
}
