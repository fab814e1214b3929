import Foundation
import LambCore
import LambTemplates

/// `AWS::Lambda::Version`, `AWS::Lambda::Alias` and `AWS::Lambda::EventInvokeConfig` resources: applied after the
/// functions, since they name them.
extension StackSynchronizer {
    func applyVersionResources(_ stack: LoadedStack) async {
        var published: [String: String] = [:]
        for version in stack.versions {
            do {
                let number = try await registry.publishVersion(
                    name: version.function, codeSha256: nil, description: version.description, revisionId: nil
                ).version
                published[version.logicalId] = number
                try await applyProvisionedConcurrency(
                    version.function, qualifier: number, version.provisionedConcurrency)
            } catch {
                say("\(version.logicalId): version not published: \(Self.describe(error))")
            }
        }
        for alias in stack.aliases {
            do {
                try await apply(alias, published: published)
            } catch {
                say("\(alias.logicalId): alias not applied: \(Self.describe(error))")
            }
        }
        for config in stack.eventInvokeConfigs {
            do {
                try await putEventInvokeConfig(function: config.function, qualifier: config.qualifier, config.config)
            } catch {
                say("\(config.logicalId): event invoke config not applied: \(Self.describe(error))")
            }
        }
    }

    private func apply(_ alias: StackAlias, published: [String: String]) async throws {
        let target: String
        switch alias.functionVersion {
        case .literal(let version): target = version
        case .versionResource(let logicalId):
            guard let version = published[logicalId] else {
                throw LambError.invalidParameter("its version \(logicalId) was not published")
            }
            target = version
        }
        let change = AliasChange(
            functionVersion: target, description: alias.description,
            additionalVersionWeights: alias.additionalVersionWeights)
        if let existing = registry.versions(of: alias.function).aliases[alias.name] {
            if existing.functionVersion != target || existing.additionalVersionWeights != alias.additionalVersionWeights
                || existing.description != (alias.description ?? existing.description)
            {
                _ = try await registry.updateAlias(function: alias.function, name: alias.name, change: change)
            }
        } else {
            _ = try await registry.createAlias(function: alias.function, name: alias.name, change: change)
        }
        try await applyProvisionedConcurrency(alias.function, qualifier: alias.name, alias.provisionedConcurrency)
    }
}
