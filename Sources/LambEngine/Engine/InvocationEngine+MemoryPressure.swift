import LambCore
import LambSandbox

extension InvocationEngine {
    /// Shuts idle environments down, least recently used first, while the host has less memory available than
    /// the policy's reserve. Provisioned environments are kept (Lambda never reclaims them).
    /// `memory` reads `(available, total)` bytes; tests inject it.
    func reclaimUnderMemoryPressure(
        policy: MemoryPressurePolicy, memory: () -> (available: UInt64, total: UInt64)? = HostMemory.read
    ) -> Int {
        guard let (available, total) = memory() else { return 0 }
        let shortfall = policy.shortfall(availableBytes: available, totalBytes: total)
        guard shortfall > 0 else { return 0 }
        // SnapStart spares first: no one is using them, and they are forked again after the next restores.
        discard(spares: snapStart.removeAllSpares())
        var candidates: [MemoryPressurePolicy.Candidate] = []
        for pool in pools.values {
            for env in pool.idle where env.provisioning == nil {
                candidates.append(
                    .init(id: env.id, lastUsed: env.status.lastUsed, memoryBytes: UInt64(env.maxMemoryUsedMB) << 20))
            }
        }
        let victims = Set(policy.victims(candidates, shortfall: shortfall))
        guard !victims.isEmpty else { return 0 }
        for key in pools.keys {
            retire(pools[key]!.removeIdle { victims.contains($0.id) })
        }
        return victims.count
    }
}
