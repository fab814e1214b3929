import LambCore
import LambRuntimeAPI

/// Identifies a provisioned concurrency configuration: the function and the qualifier it was set on (a version or
/// an alias).
public struct ProvisionKey: Hashable, Sendable {
    public var function: String
    public var qualifier: String

    public init(function: String, qualifier: String) {
        self.function = function
        self.qualifier = qualifier
    }
}

/// Marks an environment initialised for provisioned concurrency: the configuration and its generation (a new Put or
/// a Delete starts a new generation, and the environments of older ones retire).
struct ProvisionTag: Hashable, Sendable {
    var key: ProvisionKey
    var generation: Int
}

/// How the initialisation of one provisioned environment ended.
public enum ProvisionProgress: Sendable {
    case ready
    case failed(reason: String)
}

/// Provisioned concurrency: environments initialised ahead
/// (`AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency`),
/// kept idle in their version's pool (never reaped), and served before on-demand ones.
extension InvocationEngine {
    /// Initialises `count` environments of `definition` for `key`, replacing any earlier ones of `key`, and reports
    /// each one's outcome through `progress`. Returns when all of them are done.
    public nonisolated func provision(
        _ definition: FunctionDefinition, key: ProvisionKey, count: Int,
        progress: @escaping @Sendable (ProvisionProgress) async -> Void
    ) async {
        let tag = await beginProvisioning(key)
        let timeout = context.configuration.initTimeout
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask {
                    await progress(await self.provisionOne(definition, tag: tag, timeout: timeout))
                }
            }
        }
    }

    private nonisolated func provisionOne(_ definition: FunctionDefinition, tag: ProvisionTag, timeout: Duration)
        async -> ProvisionProgress
    {
        let env: ExecutionEnvironment
        do {
            env = try await ExecutionEnvironment.launch(
                definition: definition, context: context, captureInit: false, logger: logger, provisioning: tag)
        } catch {
            return .failed(reason: "Lamb could not start an execution environment: \(error)")
        }
        switch await env.awaitInit(timeout: timeout) {
        case .ready:
            return await adoptProvisioned(env) ? .ready : .failed(reason: "The configuration was replaced.")
        case .initError(let body, let header):
            env.drainOutput()
            await env.kill()
            let type = ErrorJSON.errorType(in: body) ?? header ?? "Runtime.Unknown"
            return .failed(reason: "FUNCTION_ERROR_INIT_FAILURE: the function's initialization failed (\(type)).")
        case .failed(let failure):
            env.drainOutput()
            await env.kill()
            return .failed(reason: "FUNCTION_ERROR_INIT_FAILURE: the function's initialization failed (\(failure)).")
        }
    }

    /// A provisioned environment was lost (crash, timeout): another one is initialised in its place, as Lambda keeps
    /// the configured amount.
    func replaceProvisioned(_ env: ExecutionEnvironment) {
        guard let tag = env.provisioning, isCurrent(tag), !shuttingDown else { return }
        let definition = env.definition
        let timeout = context.configuration.initTimeout
        Task.detached { _ = await self.provisionOne(definition, tag: tag, timeout: timeout) }
    }

    /// Starts a new generation of `key`; idle environments of older ones retire now, busy ones when they finish.
    private func beginProvisioning(_ key: ProvisionKey) -> ProvisionTag {
        let generation = (provisionGenerations[key] ?? 0) + 1
        provisionGenerations[key] = generation
        retireProvisioned(key, keeping: generation)
        return ProvisionTag(key: key, generation: generation)
    }

    /// Removes a provisioned concurrency configuration; its environments retire.
    public func unprovision(_ function: String, key qualifier: String) {
        let key = ProvisionKey(function: function, qualifier: qualifier)
        guard provisionGenerations[key] != nil else { return }
        provisionGenerations[key] = nil
        retireProvisioned(key, keeping: nil)
    }

    private func retireProvisioned(_ key: ProvisionKey, keeping generation: Int?) {
        for poolKey in pools.keys where poolKey.function == key.function {
            let old = pools[poolKey]!.removeIdle { env in
                guard let tag = env.provisioning, tag.key == key else { return false }
                return tag.generation != generation
            }
            retire(old)
        }
    }

    /// A freshly initialised provisioned environment joins its version's idle pool, unless its configuration was
    /// replaced or removed meanwhile (or Lamb is stopping).
    private func adoptProvisioned(_ env: ExecutionEnvironment) -> Bool {
        guard !shuttingDown, isCurrent(env.provisioning) else {
            retire([env])
            return false
        }
        let key = PoolKey(function: env.definition.name, version: env.definition.version)
        pools[key, default: EnvironmentPool()].markBusy(env)
        pools[key]!.release(env)
        env.freezer.enteredPool()
        return true
    }

    /// Whether an environment may go back to its pool: on-demand ones may; provisioned ones while their
    /// configuration's generation is current.
    func isCurrent(_ tag: ProvisionTag?) -> Bool {
        guard let tag else { return true }
        return provisionGenerations[tag.key] == tag.generation
    }

    /// A published version was deleted: its environments retire (busy ones when they finish).
    public func versionDeleted(_ function: String, version: String) {
        provisionGenerations[ProvisionKey(function: function, qualifier: version)] = nil
        retire(snapStart.remove { $0.function == function && $0.version == version })
        let key = PoolKey(function: function, version: version)
        guard pools[key] != nil else { return }
        retire(pools[key]!.removeIdle { _ in true })
        if pools[key]!.busy.isEmpty { pools[key] = nil }
    }
}
