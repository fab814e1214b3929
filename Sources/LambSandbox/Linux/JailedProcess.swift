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

    /// The runtime's resident peak next to the cgroup's: see ``MemoryMeasurement`` for why both. Children count
    /// through the cgroup only (their anonymous memory and the files they were first to read): adding their own
    /// `VmHWM`s would count the pages a fork shares with its parent twice, and reading each one would cost a
    /// system call per process at every invocation.
    func peakMemory() -> MemoryMeasurement {
        let charged = cgroup.peakMemoryBytes()
        return MemoryMeasurement(
            residentPeakBytes: runtimeHighWater()?.read(), chargedPeakBytes: charged,
            limitBytes: charged == nil ? nil : limits.memoryBytes)
    }

    /// Found at the first reading (after init, off the cold start's path), then kept.
    private let runtimeMemory = Mutex<ResidentHighWater?>(nil)

    private func runtimeHighWater() -> ResidentHighWater? {
        runtimeMemory.withLock { found in
            guard found == nil else { return found }
            // Without a cgroup (rootless, nothing delegated) the runtime is the monitor's grandchild: through init.
            let candidates = cgroup.procsFiles.isEmpty ? Self.children(of: Self.children(of: [pid])) : cgroup.threadIDs()
            if let runtime = Self.runtimePID(among: candidates) {
                found = ResidentHighWater(pid: runtime)
            }
            return found
        }
    }

    /// The children of `pids` (`/proc/<pid>/task/<pid>/children`).
    static func children(of pids: [Int32]) -> [Int32] {
        pids.flatMap { pid in
            (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8))?
                .split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? []
        }
    }

    /// The runtime is pid 2 of the environment's pid namespace (the jail's init, pid 1, starts it first and stays
    /// outside the cgroup). Its host pid is the oldest, so usually the lowest, of the cgroup's tasks: looked at first.
    static func runtimePID(among tids: [Int32]) -> Int32? {
        tids.sorted().first { tid in
            KernelFile.withBytes("/proc/\(tid)/status") { ProcStatus.innermostPID(inStatus: $0) } == 2
        }
    }

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
        runtimeMemory.withLock { $0?.close() }
        CgroupRemovals.remove {
            cgroup.killAndRemove()
            tmpDisk?.remove()
            try? FileManager.default.removeItem(atPath: directory)
            release()
        }
    }
}
