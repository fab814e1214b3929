import Foundation
import LambCore
import LambStore

/// Code signing configurations (CreateCodeSigningConfig and the rest) and the one a function uses. Stored in SQLite;
/// Lamb verifies no signature. Nothing here touches the actor's state, so none of it waits for the actor.
extension FunctionRegistry {
    // MARK: Configurations

    nonisolated func createCodeSigningConfig(_ change: CodeSigningConfigChange) async throws -> CodeSigningConfig {
        let config = try CodeSigningRules.creating(change, id: CodeSigningRules.newId())
        try await database.insertCodeSigningConfig(config)
        return config
    }

    /// The configuration an ARN names, or Lambda's `ResourceNotFoundException`.
    nonisolated func codeSigningConfig(arn: String) async throws -> CodeSigningConfig {
        guard let id = try CodeSigningRules.id(fromArn: arn, account: account),
            let config = try await database.codeSigningConfig(id: id)
        else { throw CodeSigningRules.notFound(arn) }
        return config
    }

    /// Every configuration, oldest first.
    nonisolated func codeSigningConfigs() async throws -> [CodeSigningConfig] {
        try await database.codeSigningConfigs()
    }

    nonisolated func updateCodeSigningConfig(arn: String, _ change: CodeSigningConfigChange) async throws
        -> CodeSigningConfig
    {
        guard let id = try CodeSigningRules.id(fromArn: arn, account: account),
            let updated = try await database.changeCodeSigningConfig(
                id: id, { try CodeSigningRules.updating($0, with: change) })
        else { throw CodeSigningRules.notFound(arn) }
        return updated
    }

    /// Refused with `ResourceConflictException` while a function uses the configuration.
    nonisolated func deleteCodeSigningConfig(arn: String) async throws {
        guard let id = try CodeSigningRules.id(fromArn: arn, account: account) else {
            throw CodeSigningRules.notFound(arn)
        }
        switch try await database.deleteCodeSigningConfig(id: id) {
        case .deleted: return
        case .missing: throw CodeSigningRules.notFound(arn)
        case .usedBy(let functions): throw CodeSigningRules.inUse(arn, functions: functions)
        }
    }

    /// The names of the functions that use the configuration, sorted.
    nonisolated func functions(usingCodeSigningConfig arn: String) async throws -> [String] {
        let config = try await codeSigningConfig(arn: arn)
        return try await database.functions(usingCodeSigningConfig: config.id)
    }

    nonisolated func tagCodeSigningConfig(arn: String, _ change: @escaping @Sendable (inout [String: String]) -> Void)
        async throws
    {
        guard let id = try CodeSigningRules.id(fromArn: arn, account: account),
            try await database.changeCodeSigningConfig(
                id: id,
                { config in
                    var config = config
                    change(&config.tags)
                    return config
                }) != nil
        else { throw CodeSigningRules.notFound(arn) }
    }

    // MARK: A function's configuration

    /// The id of the configuration an ARN names, for a function to use: CreateFunction's and
    /// PutFunctionCodeSigningConfig's `CodeSigningConfigNotFoundException` when there is none.
    nonisolated func codeSigningConfigIdForFunction(_ arn: String) async throws -> String {
        guard let id = try CodeSigningRules.id(fromArn: arn, account: account),
            try await database.codeSigningConfig(id: id) != nil
        else { throw CodeSigningRules.notFoundForFunction(arn) }
        return id
    }

    /// PutFunctionCodeSigningConfig: the function (which must exist) uses the configuration from now on.
    nonisolated func setCodeSigningConfig(function name: String, arn: String) async throws {
        _ = try require(name)
        let id = try await codeSigningConfigIdForFunction(arn)
        guard try await database.setFunctionCodeSigningConfig(function: name, id: id) else {
            throw CodeSigningRules.notFoundForFunction(arn)
        }
    }

    nonisolated func removeCodeSigningConfig(function name: String) async throws {
        _ = try require(name)
        try await database.deleteFunctionCodeSigningConfig(function: name)
    }

    /// The id of the configuration a function (which must exist) uses, if any.
    nonisolated func codeSigningConfigId(function name: String) async throws -> String? {
        _ = try require(name)
        return try await database.functionCodeSigningConfigId(function: name)
    }
}
