import LambCore
import LambSandbox
import Synchronization

extension InvocationEngine {
    /// Shuts idle environments down, least recently used first, while the host has less memory available than
    /// the policy's reserve. Provisioned environments are kept (Lambda never reclaims them). Returns how many
    /// environments retired. `memory` reads `(available, total)` bytes; tests inject it.
    @discardableResult
    func reclaimUnderMemoryPressure(
        policy: MemoryPressurePolicy, memory: () -> (available: UInt64, total: UInt64)? = HostMemory.read
    ) -> Int {
        guard let (available, total) = memory() else { return 0 }
        let shortfall = policy.shortfall(availableBytes: available, totalBytes: total)
        guard shortfall > 0 else { return 0 }
        // Each candidate's peak memory is a cgroup file to read: read outside the core's lock, which every warm
        // invocation takes. An environment that went idle in between counts as freeing nothing. What retiring one
        // frees is the memory charged to it alone, not its resident peak (pages it shares with the host's page cache
        // stay); one that could not be measured counts as its whole memory size.
        let candidates = core.withLock { $0.idleOnDemandEnvironments() }
        let bytes = Dictionary(
            uniqueKeysWithValues: candidates.map { env in
                (env.id, env.peakMemory.reclaimableBytes ?? UInt64(env.definition.settings.memorySize) << 20)
            })
        let retired = core.withLock {
            $0.memoryPressure(shortfall: shortfall, policy: policy) { bytes[$0.id] ?? 0 }
        }
        retire(retired)
        return retired.environments.count
    }
}
