import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An environment's cgroups on the v1 hierarchies: one directory per controller (memory, cpu, pids, freezer).
///
/// When the host also has a unified hierarchy (`unified`), freezing and killing go through the v2 cgroup there:
/// the v2 freezer lets fatal signals through to frozen tasks, while a v1-frozen task ignores SIGKILL until thawed.
public struct CgroupV1: Cgroup {
    /// Controller name → this environment's directory in that controller's hierarchy.
    public let directories: [String: String]
    public let unified: CgroupV2?
    /// Used on every invocation, so kept open.
    private let freezerState: KeptOpenFile?
    private let peakFile: KeptOpenFile?

    public static func create(
        directories: [String: String], unified unifiedPath: String?, limits: CgroupLimits
    ) throws(SandboxError) -> CgroupV1 {
        for path in directories.values { try CgroupFile.makeDirectory(path) }
        let unified = try unifiedPath.map { (path) throws(SandboxError) in
            try CgroupV2.create(at: path, controllers: [], limits: nil)
        }
        let cgroup = CgroupV1(directories: directories, unified: unified)
        try cgroup.apply(limits)
        return cgroup
    }

    init(directories: [String: String], unified: CgroupV2?) {
        self.directories = directories
        self.unified = unified
        freezerState = directories["freezer"].map { KeptOpenFile("\($0)/freezer.state", writable: true) }
        peakFile = directories["memory"].map { KeptOpenFile("\($0)/memory.max_usage_in_bytes", writable: false) }
    }

    func apply(_ limits: CgroupLimits) throws(SandboxError) {
        if let memory = directories["memory"] {
            try CgroupFile.write(String(limits.memoryBytes), to: "\(memory)/memory.limit_in_bytes")
            // memsw (memory + swap) must be at least the memory limit; equal means no swap, as on Lambda.
            try? CgroupFile.write(String(limits.memoryBytes), to: "\(memory)/memory.memsw.limit_in_bytes")
            try? CgroupFile.write("0", to: "\(memory)/memory.swappiness")
        }
        if let pids = directories["pids"] {
            try CgroupFile.write(String(limits.pidsMax), to: "\(pids)/pids.max")
        }
    }

    public func limitCPU(_ limits: CgroupLimits) throws(SandboxError) {
        guard let cpu = directories["cpu"], let quota = limits.cpuQuotaMicros else { return }
        // Each write re-checks the bandwidth of every CPU cgroup on the host (the kernel walks them all), so the
        // period is written only when it differs from the one a new cgroup starts with.
        if limits.cpuPeriodMicros != CgroupLimits.kernelDefaultPeriodMicros {
            try CgroupFile.write(String(limits.cpuPeriodMicros), to: "\(cpu)/cpu.cfs_period_us")
        }
        try CgroupFile.write(String(quota), to: "\(cpu)/cpu.cfs_quota_us")
    }

    public var procsFiles: [String] {
        directories.keys.sorted().map { "\(directories[$0]!)/cgroup.procs" } + (unified?.procsFiles ?? [])
    }

    public func freeze() throws(SandboxError) {
        if let unified { return try unified.freeze() }
        try freezerState?.write("FROZEN")
    }

    public func thaw() throws(SandboxError) {
        if let unified { return try unified.thaw() }
        try freezerState?.write("THAWED")
    }

    /// `FROZEN` in `freezer.state` (or the unified freezer's state).
    public var isFrozen: Bool {
        if let unified { return unified.isFrozen }
        guard let freezer = directories["freezer"] else { return false }
        return CgroupFile.read("\(freezer)/freezer.state")?.hasPrefix("FROZEN") ?? false
    }

    public func killAll() {
        if let unified { return unified.killAll() }
        let pids = Set(directories.values.flatMap { CgroupFile.pids(in: "\($0)/cgroup.procs") })
        for pid in pids { kill(pid, SIGKILL) }
        // A v1-frozen task only dies once thawed.
        try? thaw()
    }

    public func peakMemoryBytes() -> UInt64? {
        peakFile?.readNumber()
    }

    public func oomKills() -> Int {
        guard let memory = directories["memory"] else { return 0 }
        return Int(CgroupFile.readKey("oom_kill", in: "\(memory)/memory.oom_control") ?? 0)
    }

    public func threadIDs() -> [Int32] {
        guard let any = directories["pids"] ?? directories.values.first else { return [] }
        return CgroupFile.pids(in: "\(any)/tasks")
    }

    public func remove() -> Bool {
        freezerState?.close()
        peakFile?.close()
        var removed = unified?.remove() ?? true
        for path in directories.values where !CgroupFile.removeDirectory(path) { removed = false }
        return removed
    }
}
