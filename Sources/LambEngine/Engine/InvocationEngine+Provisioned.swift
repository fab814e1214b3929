import LambCore
import LambRuntimeAPI
import Synchronization

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
    public func provision(
        _ definition: FunctionDefinition, key: ProvisionKey, count: Int,
        progress: @escaping @Sendable (ProvisionProgress) async -> Void
    ) async {
        let (tag, retired) = core.withLock { $0.provisioningBegan(key) }
        retire(retired)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask { await progress(await self.provisionOne(definition, tag: tag)) }
            }
        }
    }

    private func provisionOne(_ definition: FunctionDefinition, tag: ProvisionTag) async -> ProvisionProgress {
        let started: StartedEnvironment
        do {
            started = try await start(definition, as: .provisioned(tag))
        } catch {
            return .failed(reason: error.message)
        }
        let env = started.environment
        if let failure = started.failure {
            await env.kill()
            return .failed(
                reason: "FUNCTION_ERROR_INIT_FAILURE: the function's initialization failed (\(failure.errorType)).")
        }
        guard core.withLock({ $0.provisionedReady(env, now: context.clock.now()) }) else {
            retire(.init(environments: [env]))
            return .failed(reason: "The configuration was replaced.")
        }
        env.mailbox.enteredPool()
        return .ready
    }

    /// A provisioned environment was lost (crash, timeout): another one is initialised in its place, as Lambda keeps
    /// the configured amount.
    func replaceProvisioned(_ definition: FunctionDefinition, tag: ProvisionTag) {
        background.spawn { _ = await self.provisionOne(definition, tag: tag) }
    }

    /// Removes a provisioned concurrency configuration; its environments retire.
    public func unprovision(_ function: String, key qualifier: String) {
        retire(core.withLock { $0.provisioningRemoved(ProvisionKey(function: function, qualifier: qualifier)) })
    }
}
