import Foundation
import LambCore
import LambSandbox
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The runtime of an environment restored from a SnapStart template: a process the template forked, so not Lamb's
/// child. Lamb cannot wait for it; it watches a pidfd (`ProcessExitWatcher`) for its end (and cannot know its exit
/// status), signals it by host pid, and limits it through what the driver gave it (the Linux driver: a cgroup of its
/// own; see docs/versions.md).
final class RestoredProcess: SandboxedProcess {
    let pid: Int32
    /// Lamb's write end of the output FIFO, held so that the reader sees no end of file before the runtime opens
    /// it; closed when the runtime is gone.
    private let keepOpenFD: Int32
    private let scratch: String?
    /// The FIFO's name on the host, removed once the runtime has opened it (by the end of its restore).
    private let fifo: String
    private let limits: (any ForkedProcessLimits)?
    /// The template's memory when it was forked: the restored runtime shares it (copy-on-write), and its own cgroup
    /// is charged only for the pages it writes. On Lambda the restored snapshot is the environment's memory, so it
    /// counts towards Max Memory Used.
    private let inheritedMemoryBytes: UInt64
    private let highWater: ResidentHighWater
    /// Done once the process is inside `limits` (moving a process between cgroups waits for an RCU grace period,
    /// ~10 ms, so it happens off the restore's path; freezing waits for it).
    private let adoption = DispatchGroup()
    private struct State {
        var exited = false
        var handlers: [@Sendable (ProcessExit) -> Void] = []
        var keepOpen = true
    }

    private let state = Mutex(State())

    init(
        pid: Int32, keepOpenFD: Int32, scratch: String?, fifo: String, limits: (any ForkedProcessLimits)?,
        inheritedMemoryBytes: UInt64, exits: ProcessExitWatcher
    ) {
        self.pid = pid
        self.limits = limits
        self.inheritedMemoryBytes = inheritedMemoryBytes
        self.highWater = ResidentHighWater(pid: pid)
        if let limits {
            adoption.enter()
            DispatchQueue.global().async { [adoption] in
                do {
                    try limits.adopt(pid: pid)
                } catch {
                    // It keeps running inside its template's limits; freezing its own cgroup would not stop it.
                }
                adoption.leave()
            }
        }
        self.fifo = fifo
        self.keepOpenFD = keepOpenFD
        self.scratch = scratch
        if !exits.watch(pid: pid, onExit: { [self] in exited() }) {
            Task.detached { [self] in await self.poll() }
        }
    }

    /// Without pidfds (kernels before 5.3): look at `/proc` every 25 ms.
    private func poll() async {
        while HostProcesses.isAlive(pid) {
            try? await Task.sleep(for: .milliseconds(25))
        }
        exited()
    }

    private func exited() {
        let handlers = state.withLock { s -> [@Sendable (ProcessExit) -> Void] in
            guard !s.exited else { return [] }
            s.exited = true
            if s.keepOpen {
                s.keepOpen = false
                close(keepOpenFD)
            }
            defer { s.handlers = [] }
            return s.handlers
        }
        // The status of a process Lamb did not start is not Lamb's to know.
        for handler in handlers { handler(.exited(code: 1)) }
    }

    func onExit(_ handler: @escaping @Sendable (ProcessExit) -> Void) {
        let done = state.withLock { s -> Bool in
            if s.exited { return true }
            s.handlers.append(handler)
            return false
        }
        if done { handler(.exited(code: 1)) }
    }

    func kill() {
        _ = Glibc.kill(pid, SIGKILL)
        // A task frozen by the v1 freezer (a host without the unified hierarchy's, or the rootless driver) ignores
        // SIGKILL until it is thawed; the v2 freezer lets fatal signals through.
        try? limits?.thaw()
    }

    func terminate(grace: Duration) async {
        // Frozen, it could not handle SIGTERM.
        try? limits?.thaw()
        _ = Glibc.kill(pid, SIGTERM)
        let deadline = ContinuousClock.now.advanced(by: grace)
        while HostProcesses.isAlive(pid) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if HostProcesses.isAlive(pid) { kill() }
        while HostProcesses.isAlive(pid) { try? await Task.sleep(for: .milliseconds(10)) }
        exited()
    }

    /// Its own resident peak counts the template's pages it maps (a fork starts with its parent's resident set);
    /// its cgroup's peak only what it wrote since, so the template's memory is added to that one.
    func peakMemory() -> MemoryMeasurement {
        MemoryMeasurement(
            residentPeakBytes: highWater.read(),
            chargedPeakBytes: limits?.peakMemoryBytes().map { $0 + inheritedMemoryBytes },
            limitBytes: limits?.memoryLimitBytes)
    }

    func initFinished() {
        unlink(fifo)
        limits?.initFinished()
    }

    func freeze() throws(SandboxError) {
        _ = adoption.wait(timeout: .now() + .milliseconds(200))
        try limits?.freeze()
    }
    func thaw() throws(SandboxError) { try limits?.thaw() }
    func runnableThreads() -> Int { limits?.runnableThreads() ?? 0 }

    func cleanUp() {
        highWater.close()
        unlink(fifo)
        limits?.release()
        if let scratch { try? FileManager.default.removeItem(atPath: scratch) }
    }
}
