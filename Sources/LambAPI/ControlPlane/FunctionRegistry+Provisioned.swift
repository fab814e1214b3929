import Foundation
import LambCore
import LambEngine
import LambStore
import Synchronization

/// Provisioned concurrency on versions and aliases: the requested count is stored; the engine initialises the
/// environments in the background and the status moves from `IN_PROGRESS` to `READY` (or `FAILED`).
extension FunctionRegistry {
    public nonisolated func provisionedConcurrency(_ function: String, qualifier: String) throws(LambError)
        -> ProvisionedConcurrencyConfig
    {
        _ = try require(function)
        guard let config = versions(of: function).provisioned[qualifier] else {
            throw LambError(
                .provisionedConcurrencyConfigNotFound,
                "No Provisioned Concurrency Config found for this function")
        }
        return config
    }

    /// PutProvisionedConcurrencyConfig: replaces any earlier configuration of the qualifier.
    public func putProvisionedConcurrency(function: String, qualifier: String, requested: Int?) async throws
        -> ProvisionedConcurrencyConfig
    {
        try ProvisionedConcurrencyConfig.validateRequested(requested)
        let count = requested!
        let record = try require(function)
        try checkProvisionable(function, qualifier)
        var versions = versions(of: function)
        if let reserved = record.reservedConcurrency {
            let others = versions.provisioned.filter { $0.key != qualifier }.values.map(\.requested).reduce(0, +)
            if others + count > reserved {
                throw LambError.invalidParameter(
                    "Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution "
                        + "for function")
            }
        }
        let all = allFunctions().map { self.versions(of: $0.name).provisioned }
            .flatMap { $0.values }.map(\.requested).reduce(0, +)
        let previous = versions.provisioned[qualifier]?.requested ?? 0
        let unreserved = engine.unreservedConcurrency()
        // Lambda keeps 100 unreserved; Lamb, often run with a small account limit, only refuses what cannot fit.
        if record.reservedConcurrency == nil && all - previous + count > unreserved {
            throw LambError.invalidParameter(
                "Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below "
                    + "its minimum value of [\(Quotas.minimumUnreservedConcurrency)].")
        }
        let config = ProvisionedConcurrencyConfig(requested: count)
        versions.provisioned[qualifier] = config
        try await save(function, versions)
        startProvisioning(function, qualifier)
        return config
    }

    public func deleteProvisionedConcurrency(function: String, qualifier: String) async throws {
        _ = try provisionedConcurrency(function, qualifier: qualifier)
        var versions = versions(of: function)
        versions.provisioned[qualifier] = nil
        try await save(function, versions)
        engine.unprovision(function, key: qualifier)
    }

    /// Provisioned concurrency goes on a published version or an alias, never on `$LATEST` (or nothing).
    private nonisolated func checkProvisionable(_ function: String, _ qualifier: String) throws(LambError) {
        if qualifier == FunctionDefinition.latest {
            throw LambError.invalidParameter(
                "Provisioned Concurrency Configs cannot be applied to unpublished function versions.")
        }
        let versions = versions(of: function)
        let exists =
            VersionRules.isVersionNumber(qualifier)
            ? versions.version(qualifier) != nil : versions.aliases[qualifier] != nil
        guard exists else {
            throw LambError.functionNotFound(arn: account.functionArn(function, qualifier: qualifier))
        }
    }

    /// Asks the engine for the environments of `qualifier`'s configuration (an alias's primary version's), and
    /// follows their initialisation into the configuration's status.
    func startProvisioning(_ function: String, _ qualifier: String) {
        guard let config = versions(of: function).provisioned[qualifier],
            let definition = try? definition(FunctionReference(name: function, qualifier: qualifier))
        else { return }
        let key = ProvisionKey(function: function, qualifier: qualifier)
        let engine = self.engine
        Task {
            await engine.provision(definition, key: key, count: config.requested) { [weak self] progress in
                await self?.provisioningProgressed(function, qualifier, progress)
            }
        }
        var versions = versions(of: function)
        versions.provisioned[qualifier] = ProvisionedConcurrencyConfig(requested: config.requested)
        published.withLock { $0[function] = versions }
    }

    /// Status is runtime state: it is kept in memory only (a restart provisions again from the requested count).
    private func provisioningProgressed(_ function: String, _ qualifier: String, _ progress: ProvisionProgress) {
        published.withLock { all in
            guard var config = all[function]?.provisioned[qualifier] else { return }
            switch progress {
            case .ready: config.environmentReady()
            case .failed(let reason): config.environmentFailed(reason: reason)
            }
            config.lastModified = Date()
            all[function]?.provisioned[qualifier] = config
        }
    }
}
