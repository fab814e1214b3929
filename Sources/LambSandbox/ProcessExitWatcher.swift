import CLambSandbox
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Tells when processes that are not Lamb's children end (SnapStart's restored runtimes, forked by their template):
/// Lamb cannot wait for them, so one thread waits (`epoll`) on a pidfd of each, which becomes readable when its process ends.
/// Cheaper than reading `/proc` every few milliseconds per process, and immediate.
public final class ProcessExitWatcher: Sendable {
    public static let shared = ProcessExitWatcher()

    private let watched = Mutex([Int32: @Sendable () -> Void]())
    private let thread = PollingThread(name: "lamb-exits")

    init() {}

    /// Calls `onExit` once `pid` has ended (at once if it already has). `false` when the kernel gives no pidfd
    /// (before Linux 5.3): the caller watches some other way.
    public func watch(pid: Int32, onExit: @escaping @Sendable () -> Void) -> Bool {
        let fd = lamb_pidfd_open(pid)
        if fd < 0 {
            if errno == ESRCH {
                onExit()
                return true
            }
            return false
        }
        watched.withLock { $0[fd] = onExit }
        thread.add(fd) { [self] thread in run(on: thread) }
        return true
    }

    private func run(on thread: PollingThread) {
        while true {
            for fd in thread.wait() {
                let handler = watched.withLock { $0.removeValue(forKey: fd) }
                thread.remove(fd)
                close(fd)
                handler?()
            }
        }
    }
}
