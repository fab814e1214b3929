import CLambSandbox
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One background thread that waits with `epoll` on a set of file descriptors: ``add(_:starting:)`` and
/// ``remove(_:)`` change the set from any thread while it waits (the kernel keeps the set, so a wait costs the same
/// with one environment or a thousand, and nothing is copied per wake). The thread starts on the first add. Used by
/// ``OutputPump`` (environments' output pipes) and ``ProcessExitWatcher`` (pidfds).
final class PollingThread: Sendable {
    private let name: String
    private let epollFD: Int32
    private let started = Mutex(false)

    init(name: String) {
        self.name = name
        epollFD = lamb_epoll_create()
    }

    /// Watches `fd` for reading; the first call starts the thread with `body`, which runs forever, calling
    /// ``wait()`` in a loop.
    func add(_ fd: Int32, starting body: @escaping @Sendable (PollingThread) -> Void) {
        _ = lamb_epoll_watch(epollFD, fd)
        let start = started.withLock { s -> Bool in
            defer { s = true }
            return !s
        }
        if start {
            let thread = Thread { [self] in body(self) }
            thread.name = name
            thread.start()
        }
    }

    /// Stops watching `fd` (call before closing it).
    func remove(_ fd: Int32) {
        _ = lamb_epoll_unwatch(epollFD, fd)
    }

    /// Blocks until some watched descriptors are readable (or closed at the other end); returns them.
    func wait() -> [Int32] {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 64) { fds in
            let n = lamb_epoll_wait(epollFD, fds.baseAddress, Int32(fds.count))
            guard n > 0 else { return [] }
            return Array(fds[0..<Int(n)])
        }
    }
}
