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
        // Reading each candidate's peak memory happens under the core's lock; it is one small cgroup file per idle
        // environment, and only while the host is short of memory.
        let retired = core.withLock {
            $0.memoryPressure(shortfall: shortfall, policy: policy) { UInt64($0.maxMemoryUsedMB) << 20 }
        }
        retire(retired)
        return retired.environments.count
    }
}
