import Foundation
import LambCore
@testable import LambEngine
import Testing

@Suite("Shutting idle environments down under memory pressure", .serialized)
struct MemoryPressureTests {
    @Test("short of memory, the least recently used idle environment goes first; with enough memory none does")
    func leastRecentlyUsedFirst() async throws {
        let h = try EngineHarness()
        let older = try h.function("older", handler: "respond 1")
        let newer = try h.function("newer", handler: "respond 1")
        _ = try await h.invoke(older)
        try await Task.sleep(for: .milliseconds(20))
        _ = try await h.invoke(newer)
        let policy = MemoryPressurePolicy(reserveFraction: 0.10)

        let plenty = h.engine.reclaimUnderMemoryPressure(policy: policy, memory: { (5_000 << 20, 10_000 << 20) })
        #expect(plenty == 0)
        #expect(h.engine.environments().count == 2)

        // 1 MB short: one environment covers it, and it is the one used longest ago.
        let short = h.engine.reclaimUnderMemoryPressure(
            policy: policy, memory: { ((1_000 << 20) - (1 << 20), 10_000 << 20) })
        #expect(short == 1)
        let left = h.engine.environments().map(\.function)
        #expect(left == ["newer"])
        await h.close()
    }
}
