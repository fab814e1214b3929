import Foundation
import LambCore
import LambEngine
import LambStore
import LambTemplates
import LambWorkspace

/// One template function: packaged, created or updated only where it differs, then its concurrency, published
/// alias and invoke config.
extension StackSynchronizer {
    func sync(_ function: StackFunction, in stack: LoadedStack, reason: String?) async -> StackFunctionStatus {
        var status = StackFunctionStatus(
            logicalId: function.logicalId, name: function.name, runtime: function.settings.runtime ?? "",
            memorySize: function.settings.memorySize ?? Quotas.defaultMemory, code: Self.describe(function.code),
            events: function.events.map { "\($0.name) (\($0.type))" }, error: nil)
        do {
            let code: StackCode
            if case .image(let uri) = function.code {
                code = .image(uri)
            } else {
                let projectRoot = URL(fileURLWithPath: stack.templatePath).deletingLastPathComponent()
                let name = function.logicalId
                let say = say
                let packaged = try await packager.package(function, projectRoot: projectRoot) { say("\(name): \($0)") }
                status.code = packaged.origin
                code = .zip(packaged)
            }
            var settings = try FunctionSettings.creating(from: function.settings, runtimes: registry.runtimes)
            settings.environment = overrides.apply(
                to: settings.environment, logicalId: function.logicalId, functionName: function.name)
            try await upsert(function, settings: settings, code: code, stackName: stack.stackName, reason: reason)
            try await applyReservedConcurrency(function)
            try await applyAutoPublishAlias(function)
            try await applyEventInvokeConfig(function)
            try await applyFunctionURL(function)
        } catch {
            status.error = Self.describe(error)
            say("\(function.logicalId): not served: \(status.error!)")
        }
        return status
    }

    /// A template function's code: a packaged zip, or the `ImageUri` of an image function.
    enum StackCode {
        case zip(PackagedCode)
        case image(String)
    }

    /// Creates the function, or changes what differs: its code (a new zip hash, another `ImageUri`; the first sync of
    /// a `lamb serve` resolves an image's tag again), its configuration, its tags.
    private func upsert(
        _ function: StackFunction, settings: FunctionSettings, code: StackCode, stackName: String, reason: String?
    ) async throws {
        var tags = function.tags
        tags[StackTags.stackName] = stackName
        tags[StackTags.logicalId] = function.logicalId
        guard let existing = registry.function(named: function.name) else {
            switch code {
            case .zip(let packaged):
                _ = try await registry.create(
                    name: function.name, patch: .replacing(with: settings), zip: packaged.zip, tags: tags)
            case .image(let uri):
                _ = try await registry.create(
                    name: function.name, patch: .replacing(with: settings), imageUri: uri, tags: tags)
            }
            if reason != nil { say("\(function.logicalId): created") }
            return
        }
        guard existing.tags[StackTags.stackName] == stackName else {
            throw LambError.conflict(
                "a function named \(function.name) already exists and does not belong to stack \(stackName); "
                    + "delete it or set FunctionName")
        }
        var changes: [String] = []
        let environments = registry.engine.environmentCounts()[function.name]
        switch code {
        case .zip(let packaged) where existing.latest.code.sha256 != packaged.sha256:
            _ = try await registry.updateCode(name: function.name, zip: packaged.zip, revisionId: nil, dryRun: false)
            changes.append("code")
        case .image(let uri) where existing.latest.image?.uri != uri || reason == nil:
            let before = existing.latest.image?.manifestDigest
            let updated = try await registry.updateCode(
                name: function.name, imageUri: uri, revisionId: nil, dryRun: false)
            if updated.latest.image?.manifestDigest != before { changes.append("image") }
        default:
            break
        }
        if existing.latest.settings != settings {
            _ = try await registry.updateConfiguration(
                name: function.name, patch: .replacing(with: settings), revisionId: nil)
            changes.append("configuration")
        }
        if existing.tags != tags {
            try await registry.untag(name: function.name, keys: Array(existing.tags.keys))
            try await registry.tag(name: function.name, tags: tags)
        }
        guard !changes.isEmpty else { return }
        say("\(function.logicalId): \(changes.joined(separator: " and ")) changed, \(Self.retired(environments))")
    }

    /// "2 environments retired (1 finishing its invocation)": idle environments go at once; busy ones finish on
    /// the old code and are not reused.
    private static func retired(_ counts: (idle: Int, busy: Int)?) -> String {
        let idle = counts?.idle ?? 0
        let busy = counts?.busy ?? 0
        var text = "\(idle) environment\(idle == 1 ? "" : "s") retired"
        if busy > 0 { text += " (\(busy) finishing \(busy == 1 ? "its invocation" : "their invocations"))" }
        return text
    }

    private func applyReservedConcurrency(_ function: StackFunction) async throws {
        guard registry.function(named: function.name)?.reservedConcurrency != function.reservedConcurrency else {
            return
        }
        try await registry.setReservedConcurrency(name: function.name, function.reservedConcurrency)
    }

    /// SAM's `AutoPublishAlias`: a version is published when `$LATEST` differs from the last one (PublishVersion
    /// returns the last one otherwise), and the alias follows it, with its provisioned concurrency.
    private func applyAutoPublishAlias(_ function: StackFunction) async throws {
        guard let alias = function.autoPublishAlias else { return }
        let version = try await registry.publishVersion(
            name: function.name, codeSha256: nil, description: nil, revisionId: nil)
        let versions = registry.versions(of: function.name)
        if let existing = versions.aliases[alias] {
            if existing.functionVersion != version.version || !existing.additionalVersionWeights.isEmpty {
                _ = try await registry.updateAlias(
                    function: function.name, name: alias,
                    change: AliasChange(functionVersion: version.version, additionalVersionWeights: [:]))
                say("\(function.logicalId): alias \(alias) → version \(version.version)")
            }
        } else {
            _ = try await registry.createAlias(
                function: function.name, name: alias, change: AliasChange(functionVersion: version.version))
        }
        try await applyProvisionedConcurrency(function.name, qualifier: alias, function.provisionedConcurrency)
    }

    func applyProvisionedConcurrency(_ function: String, qualifier: String, _ requested: Int?) async throws {
        let current = registry.versions(of: function).provisioned[qualifier]?.requested
        guard current != requested else { return }
        if let requested {
            _ = try await registry.putProvisionedConcurrency(function: function, qualifier: qualifier, requested: requested)
        } else {
            try await registry.deleteProvisionedConcurrency(function: function, qualifier: qualifier)
        }
    }

    private func applyEventInvokeConfig(_ function: StackFunction) async throws {
        guard let patch = function.eventInvokeConfig else { return }
        try await putEventInvokeConfig(
            function: function.name, qualifier: function.autoPublishAlias ?? FunctionDefinition.latest, patch)
    }

    /// Writes the config when it differs from the stored one (so an unchanged template leaves `LastModified` alone).
    func putEventInvokeConfig(function: String, qualifier: String, _ patch: EventInvokeConfigPatch) async throws {
        let registry = registry
        let rules = EventInvokeConfigRules(function: function) { registry.function(named: $0) != nil }
        let config = try EventInvokeConfig.replacing(with: patch, rules: rules, now: Date())
        let stored = try await registry.database.eventInvokeConfig(function: function, qualifier: qualifier)
        if let stored, stored.maximumRetryAttempts == config.maximumRetryAttempts,
            stored.maximumEventAgeInSeconds == config.maximumEventAgeInSeconds, stored.onSuccess == config.onSuccess,
            stored.onFailure == config.onFailure
        {
            return
        }
        try await registry.database.putEventInvokeConfig(function: function, qualifier: qualifier, config)
    }

    /// SAM's `FunctionUrlConfig`: a URL on the auto-published alias, or on `$LATEST`; created once (its URL id, and
    /// so its host name, stays across restarts) and updated when the template changes it.
    private func applyFunctionURL(_ function: StackFunction) async throws {
        guard let url = function.functionURL else { return }
        let qualifier = function.autoPublishAlias ?? FunctionDefinition.latest
        let change = FunctionURLChange(
            authType: url.authType.rawValue, cors: url.cors ?? FunctionURLCors(), invokeMode: url.invokeMode.rawValue)
        guard let existing = registry.functionURL(function: function.name, qualifier: qualifier) else {
            _ = try await registry.createFunctionURL(function: function.name, qualifier: qualifier, change: change)
            return
        }
        let config = existing.config
        if config.authType != url.authType || config.invokeMode != url.invokeMode
            || (config.cors ?? FunctionURLCors()) != (url.cors ?? FunctionURLCors())
        {
            _ = try await registry.updateFunctionURL(function: function.name, qualifier: qualifier, change: change)
        }
    }

    static func describe(_ source: CodeSource) -> String {
        switch source {
        case .directory(let path): path
        case .zipFile(let path): path
        case .inline: "inline"
        case .s3(let bucket, let key): "s3://\(bucket)/\(key)"
        case .image(let uri): uri
        }
    }
}
