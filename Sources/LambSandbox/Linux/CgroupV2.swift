import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An environment's cgroup on the unified (v2) hierarchy: `memory.max`, `cpu.max`, `pids.max` where those
/// controllers are enabled, and always the v2 freezer (`cgroup.freeze`), `cgroup.kill` and `memory.peak`.
///
/// On a hybrid host (controllers bound to v1, an empty unified hierarchy beside them) the v2 cgroup carries no
/// limits, but its freezer and kill still work: ``CgroupV1`` uses it for those.
public struct CgroupV2: Cgroup {
    public let path: String
    /// Controllers enabled for this cgroup (`memory`, `cpu`, `pids`).
    public let controllers: Set<String>
    /// Used on every invocation, so kept open.
    private let freezeFile: KeptOpenFile
    private let peakFile: KeptOpenFile

    /// Makes the cgroup at `path` (its parent must exist) and applies the limits of the enabled controllers.
    public static func create(at path: String, controllers: Set<String>, limits: CgroupLimits?) throws(SandboxError)
        -> CgroupV2
    {
        try CgroupFile.makeDirectory(path)
        let cgroup = CgroupV2(path: path, controllers: controllers)
        if let limits { try cgroup.apply(limits) }
        return cgroup
    }

    init(path: String, controllers: Set<String>) {
        self.path = path
        self.controllers = controllers
        self.freezeFile = KeptOpenFile("\(path)/cgroup.freeze", writable: true)
        self.peakFile = KeptOpenFile("\(path)/memory.peak", writable: false)
    }

    func apply(_ limits: CgroupLimits) throws(SandboxError) {
        if controllers.contains("memory") {
            try CgroupFile.write(String(limits.memoryBytes), to: "\(path)/memory.max")
            // Lambda has no swap; an environment over its memory is killed, not swapped out.
            try? CgroupFile.write("0", to: "\(path)/memory.swap.max")
        }
        if controllers.contains("pids") {
            try CgroupFile.write(String(limits.pidsMax), to: "\(path)/pids.max")
        }
    }

    public func limitCPU(_ limits: CgroupLimits) throws(SandboxError) {
        guard controllers.contains("cpu"), let quota = limits.cpuQuotaMicros else { return }
        try CgroupFile.write("\(quota) \(limits.cpuPeriodMicros)", to: "\(path)/cpu.max")
    }

    public var procsFiles: [String] { ["\(path)/cgroup.procs"] }

    public func freeze() throws(SandboxError) { try freezeFile.write("1") }
    public func thaw() throws(SandboxError) { try freezeFile.write("0") }

    /// `frozen 1` in `cgroup.events` once every task has stopped (freezing is asynchronous in v2).
    public var isFrozen: Bool { CgroupFile.readKey("frozen", in: "\(path)/cgroup.events") == 1 }

    public func killAll() {
        if (try? CgroupFile.write("1", to: "\(path)/cgroup.kill")) != nil { return }
        // Kernels before 5.14 have no cgroup.kill; signal each process (fatal signals reach frozen v2 tasks).
        for pid in CgroupFile.pids(in: "\(path)/cgroup.procs") { kill(pid, SIGKILL) }
    }

    public func peakMemoryBytes() -> UInt64? { peakFile.readNumber() }

    public func oomKills() -> Int {
        Int(CgroupFile.readKey("oom_kill", in: "\(path)/memory.events") ?? 0)
    }

    public func threadIDs() -> [Int32] { CgroupFile.pids(in: "\(path)/cgroup.threads") }

    public func remove() -> Bool {
        freezeFile.close()
        peakFile.close()
        return CgroupFile.removeDirectory(path)
    }
}
