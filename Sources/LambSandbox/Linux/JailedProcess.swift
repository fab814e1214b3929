import Foundation
import LambCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A runtime started by ``LinuxSandbox``: `pid` is the jail's monitor, which exits the way the runtime did.
final class JailedProcess: SandboxedProcess {
    let pid: Int32
    let cgroup: any Cgroup
    let environmentDirectory: String
    let limits: CgroupLimits
    private let exitState = ExitState()
    private let releaseIdentity: @Sendable () -> Void
    /// The uid the runtime runs as, this environment's alone.
    let runtimeUID: UInt32?
    /// The environment's /tmp, when it is a disk (removed with the environment).
    let tmpDisk: TmpDisk?

    init(
        pid: Int32, cgroup: any Cgroup, limits: CgroupLimits, environmentDirectory: String, runtimeUID: UInt32,
        releaseIdentity: @escaping @Sendable () -> Void, tmpDisk: TmpDisk? = nil
    ) {
        self.tmpDisk = tmpDisk
        self.pid = pid
        self.runtimeUID = runtimeUID
        self.cgroup = cgroup
        self.limits = limits
        self.environmentDirectory = environmentDirectory
        self.releaseIdentity = releaseIdentity
        ChildReaper.shared.watch(pid) { [self] status in self.exited(status) }
    }

    private func exited(_ status: ProcessExit) {
        // The kernel's OOM killer sends SIGKILL; the cgroup's counter tells it apart from Lamb's own kills.
        let exit: ProcessExit = (status == .signaled(signal: SIGKILL) && cgroup.oomKills() > 0) ? .outOfMemory : status
        // Reported first: the engine must stop handing this environment invocations as soon as its process is gone,
        // and killing what is left takes the kernel's cgroup lock, which can be busy.
        exitState.finish(exit)
        cgroup.killAll()
    }

    func onExit(_ handler: @escaping @Sendable (ProcessExit) -> Void) { exitState.onExit(handler) }

    func kill() {
        cgroup.killAll()
        signalGroup(pid, SIGKILL)
    }

    func terminate(grace: Duration) async {
        if exitState.hasExited { return }
        // A frozen runtime could not handle SIGTERM; the monitor forwards it to the runtime through init.
        try? cgroup.thaw()
        Glibc.kill(pid, SIGTERM)
        await exitState.waitForExit(orAfter: grace) { self.kill() }
    }

    func initFinished() {
        try? cgroup.limitCPU(limits)
    }

    func freeze() throws(SandboxError) { try cgroup.freeze() }
    func thaw() throws(SandboxError) { try cgroup.thaw() }

    func peakMemoryBytes() -> UInt64? { cgroup.peakMemoryBytes() }

    func runnableThreads() -> Int {
        cgroup.threadIDs().filter { ProcStatus.state(of: $0) == "R" }.count
    }

    func runQueueWaitNanoseconds() -> UInt64? {
        ProcStatus.longestRunQueueWaitNanoseconds(of: cgroup.threadIDs())
    }

    func cleanUp() {
        let cgroup = cgroup
        let directory = environmentDirectory
        let release = releaseIdentity
        let tmpDisk = tmpDisk
        CgroupRemovals.remove {
            cgroup.killAndRemove()
            tmpDisk?.remove()
            try? FileManager.default.removeItem(atPath: directory)
            release()
        }
    }
}
