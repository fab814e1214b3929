import LambCore
import Testing

@Suite("Memory pressure")
struct MemoryPressurePolicyTests {
    let policy = MemoryPressurePolicy(reserveFraction: 0.10)

    @Test("nothing is freed while the reserve is available")
    func noPressure() {
        #expect(policy.shortfall(availableBytes: 2_000, totalBytes: 10_000) == 0)
        #expect(policy.shortfall(availableBytes: 1_000, totalBytes: 10_000) == 0)
    }

    @Test("the shortfall is what brings availability back to the reserve")
    func shortfall() {
        #expect(policy.shortfall(availableBytes: 400, totalBytes: 10_000) == 600)
    }

    @Test("least recently used environments go first, only as many as the shortfall needs")
    func lruFirst() {
        let candidates: [MemoryPressurePolicy.Candidate] = [
            .init(id: "recent", lastUsed: 30, memoryBytes: 100),
            .init(id: "oldest", lastUsed: 10, memoryBytes: 100),
            .init(id: "middle", lastUsed: 20, memoryBytes: 100),
        ]
        #expect(policy.victims(candidates, shortfall: 150) == ["oldest", "middle"])
        #expect(policy.victims(candidates, shortfall: 0) == [])
        #expect(policy.victims(candidates, shortfall: 10_000) == ["oldest", "middle", "recent"])
    }
}
