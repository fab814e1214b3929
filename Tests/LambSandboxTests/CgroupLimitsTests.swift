import LambSandbox
import Testing

@Suite("Cgroup limits from function memory")
struct CgroupLimitsTests {
    @Test(
        "1769 MB is one vCPU, linear in memory, capped at 6 vCPUs and at the host's cores",
        arguments: [
            (memory: 1769, cores: 8, quota: 100_000),
            (memory: 884, cores: 8, quota: 49_972),
            (memory: 128, cores: 8, quota: 7236),
            (memory: 3538, cores: 8, quota: 200_000),
            (memory: 10240, cores: 8, quota: 578_858),
            (memory: 20000, cores: 64, quota: 600_000),
            (memory: 10240, cores: 2, quota: 200_000),
        ])
    func cpuQuota(memory: Int, cores: Int, quota: Int) {
        let limits = CgroupLimits.forFunction(memoryMB: memory, hostCores: cores)
        #expect(limits.cpuQuotaMicros == quota)
        #expect(limits.cpuPeriodMicros == 100_000)
    }

    @Test("memory is the function's MemorySize in bytes; 1024 processes and threads")
    func memoryAndPids() {
        let limits = CgroupLimits.forFunction(memoryMB: 512, hostCores: 2)
        #expect(limits.memoryBytes == 512 * 1_048_576)
        #expect(limits.pidsMax == 1024)
    }
}
