import Foundation
import LambCore

extension LinuxSandbox {
    /// A SnapStart-restored runtime leaves its template's cgroup for one of its own, with the function's memory,
    /// CPU and process limits, so restored environments are limited, measured and frozen one by one. (It stays in
    /// the template's namespaces: see docs/sandbox.md.)
    public func limitsForFork(environmentId: String, memorySizeMB: Int) throws -> (any ForkedProcessLimits)? {
        guard let cgroups else { return nil }  // rootless without a delegated subtree
        let limits = CgroupLimits.forFunction(memoryMB: memorySizeMB, hostCores: hostCores)
        return ForkedCgroup(
            cgroup: try cgroups.makeCgroup(environmentId: environmentId, limits: limits), limits: limits)
    }
}

/// The cgroup of one restored runtime.
struct ForkedCgroup: ForkedProcessLimits {
    let cgroup: any Cgroup
    let limits: CgroupLimits

    func adopt(pid: Int32) throws(SandboxError) {
        // Writing a pid into `cgroup.procs` moves the whole process (all its threads); Lamb is root, or (rootless)
        // the process is the user's own, in the user's delegated subtree.
        for file in cgroup.procsFiles { try CgroupFile.write(String(pid), to: file) }
    }

    func initFinished() { try? cgroup.limitCPU(limits) }
    func freeze() throws(SandboxError) { try cgroup.freeze() }
    func thaw() throws(SandboxError) { try cgroup.thaw() }
    func peakMemoryBytes() -> UInt64? { cgroup.peakMemoryBytes() }
    var memoryLimitBytes: UInt64? { limits.memoryBytes }

    func runnableThreads() -> Int {
        cgroup.threadIDs().filter { ProcStatus.state(of: $0) == "R" }.count
    }

    func release() {
        let cgroup = cgroup
        CgroupRemovals.remove { cgroup.killAndRemove() }
    }
}
