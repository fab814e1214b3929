import Foundation

/// The limits an environment's cgroup enforces.
public struct CgroupLimits: Sendable, Equatable {
    public var memoryBytes: UInt64
    /// CPU time per `cpuPeriodMicros`, in microseconds (`nil`: no CPU cap).
    public var cpuQuotaMicros: Int?
    public var cpuPeriodMicros: Int = CgroupLimits.kernelDefaultPeriodMicros
    /// The CFS period a new v1 cgroup starts with (`cpu.cfs_period_us`).
    public static let kernelDefaultPeriodMicros = 100_000
    public var pidsMax: Int

    public init(memoryBytes: UInt64, cpuQuotaMicros: Int?, pidsMax: Int) {
        self.memoryBytes = memoryBytes
        self.cpuQuotaMicros = cpuQuotaMicros
        self.pidsMax = pidsMax
    }

    /// Lambda's rule: 1769 MB is one vCPU, linear in memory, at most 6 vCPUs, and never more than the host has.
    public static func forFunction(memoryMB: Int, hostCores: Int, pidsMax: Int = 1024) -> CgroupLimits {
        let vcpus = min(Double(memoryMB) / 1769.0, 6.0, Double(max(hostCores, 1)))
        let period = kernelDefaultPeriodMicros
        return CgroupLimits(
            memoryBytes: UInt64(memoryMB) * 1_048_576, cpuQuotaMicros: Int((vcpus * Double(period)).rounded()),
            pidsMax: pidsMax)
    }
}

/// One execution environment's control group, whichever cgroup version implements it.
///
/// Every operation is a write or read of a small kernel file: cheap, and safe from any thread.
public protocol Cgroup: Sendable {
    /// The `cgroup.procs` files the jail writes its pid into, so the whole environment is inside from its start.
    var procsFiles: [String] { get }
    /// Stops every process of the environment (they keep their memory, get no CPU, and timers don't fire).
    func freeze() throws(SandboxError)
    func thaw() throws(SandboxError)
    /// Caps CPU time at `limits.cpuQuotaMicros` per period (applied once init is over: see ``LinuxSandbox``).
    func limitCPU(_ limits: CgroupLimits) throws(SandboxError)
    /// SIGKILL to every process inside, frozen or not.
    func killAll()
    /// The highest memory use since the cgroup was made, in bytes.
    func peakMemoryBytes() -> UInt64?
    /// How many times the kernel's OOM killer killed a process of the environment.
    func oomKills() -> Int
    /// Thread ids of every process inside.
    func threadIDs() -> [Int32]
    /// Removes the cgroup; `false` while processes are still inside.
    func remove() -> Bool
}

extension Cgroup {
    /// Kills whatever is still inside and removes the cgroup, again and again for up to ~10 s: a fork bomb keeps
    /// making processes between one kill and the next, and a single pass left its cgroup behind.
    @discardableResult
    func killAndRemove() -> Bool {
        // `remove()` itself waits up to ~1 s for a busy cgroup to empty.
        for _ in 0..<10 {
            killAll()
            if remove() { return true }
        }
        return false
    }
}

/// Reads and writes of cgroup files.
enum CgroupFile {
    static func write(_ value: String, to path: String) throws(SandboxError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SandboxError(operation: "open \(path)", errno: errno) }
        defer { close(fd) }
        let written = value.withCString { Glibc.write(fd, $0, strlen($0)) }
        guard written >= 0 else { throw SandboxError(operation: "write \(value) to \(path)", errno: errno) }
    }

    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let n = Glibc.read(fd, &buffer, buffer.count)
        guard n >= 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self)
    }

    static func readNumber(_ path: String) -> UInt64? {
        KernelFile.number(path)
    }

    /// The value of `key` in a flat-keyed file such as `memory.events` (`oom_kill 3`).
    static func readKey(_ key: String, in path: String) -> UInt64? {
        KernelFile.number(afterKey: key, in: path)
    }

    static func pids(in path: String) -> [Int32] {
        (read(path) ?? "").split(separator: "\n").compactMap { Int32($0) }
    }

    static func makeDirectory(_ path: String) throws(SandboxError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw SandboxError(operation: "mkdir \(path)", errno: errno) }
    }

    /// rmdir of a cgroup, with a few short retries: the last processes of a killed environment leave it
    /// asynchronously.
    static func removeDirectory(_ path: String) -> Bool {
        for attempt in 0..<50 {
            if rmdir(path) == 0 || errno == ENOENT { return true }
            guard errno == EBUSY else { return false }
            usleep(useconds_t(min(1000 * (attempt + 1), 20_000)))
        }
        return false
    }
}

#if canImport(Glibc)
    import Glibc
#endif
