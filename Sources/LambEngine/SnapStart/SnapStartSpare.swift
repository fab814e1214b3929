import LambRuntimeAPI
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// An environment forked from a SnapStart template ahead of any invoke: the fork, its cgroup, its user, mount and
/// pid namespaces, its empty `/tmp` and its Runtime API listener exist; its runtime is blocked reading a FIFO. Waking
/// it is the restore proper: the runtime reseeds its randomness, runs the after-restore hooks and asks for its first
/// event, all in the process that then serves (docs/versions.md, "Spares").
final class SnapStartSpare: Sendable {
    let environment: ExecutionEnvironment
    /// Lamb's end of the wake FIFO; `nil` once written to or discarded.
    private let wakeFD: Mutex<Int32?>

    init(environment: ExecutionEnvironment, wakeFD: Int32) {
        self.environment = environment
        self.wakeFD = Mutex(wakeFD)
    }

    /// Whether the runtime is still there to be woken (a spare can die while it waits: its template went away, or
    /// the kernel killed it).
    var isUsable: Bool { environment.mailbox.failure == nil && HostProcesses.isAlive(environment.pid) }

    /// Starts the restore: one byte through the FIFO. `false` when the runtime is gone.
    func wake() -> Bool {
        guard let fd = takeWakeFD() else { return false }
        var byte: UInt8 = 1
        let written = write(fd, &byte, 1)
        // The byte stays in the FIFO for the runtime after Lamb's end is closed.
        close(fd)
        return written == 1
    }

    /// Stops a spare that will not be used.
    func discard() async {
        closeWakeFIFO()
        await environment.kill()
    }

    /// Closes Lamb's end of the wake FIFO of a spare that is being shut down another way (its runtime then reads end
    /// of file, or its SIGTERM first).
    func closeWakeFIFO() {
        if let fd = takeWakeFD() { close(fd) }
    }

    private func takeWakeFD() -> Int32? {
        wakeFD.withLock { fd in
            defer { fd = nil }
            return fd
        }
    }
}
