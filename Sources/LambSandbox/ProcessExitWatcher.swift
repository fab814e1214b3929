import CLambSandbox
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Tells when processes that are not Lamb's children end (SnapStart's restored runtimes, forked by their template):
/// Lamb cannot wait for them, so one thread polls a pidfd of each, which becomes readable when its process ends.
/// Cheaper than reading `/proc` every few milliseconds per process, and immediate.
public final class ProcessExitWatcher: Sendable {
    public static let shared = ProcessExitWatcher()

    private let watched = Mutex([Int32: @Sendable () -> Void]())
    private let wakeFDs: (read: Int32, write: Int32)
    private let started = Mutex(false)

    init() {
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        wakeFDs = (fds[0], fds[1])
    }

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
        let start = started.withLock { s -> Bool in
            defer { s = true }
            return !s
        }
        if start {
            let thread = Thread { [self] in self.run() }
            thread.name = "lamb-exits"
            thread.start()
        }
        var byte: UInt8 = 1
        _ = write(wakeFDs.write, &byte, 1)
        return true
    }

    private func run() {
        var drain = [UInt8](repeating: 0, count: 64)
        while true {
            let fds = watched.withLock { Array($0.keys) }
            var pollFDs = [pollfd(fd: wakeFDs.read, events: Int16(POLLIN), revents: 0)]
            pollFDs += fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if poll(&pollFDs, nfds_t(pollFDs.count), -1) <= 0 { continue }
            if pollFDs[0].revents != 0 {
                while read(wakeFDs.read, &drain, drain.count) > 0 {}
            }
            for (index, fd) in fds.enumerated() where pollFDs[index + 1].revents != 0 {
                let handler = watched.withLock { $0.removeValue(forKey: fd) }
                close(fd)
                handler?()
            }
        }
    }
}
