import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One background thread that waits with `poll` on a set of file descriptors that changes while it waits: whoever
/// changes the set calls ``wake(starting:)`` (a byte through a self-pipe), and the thread polls the new set. The
/// thread starts on the first wake. Used by ``OutputPump`` (environments' output pipes) and ``ProcessExitWatcher`` (pidfds).
final class PollingThread: Sendable {
    private let name: String
    private let wakeFDs: (read: Int32, write: Int32)
    private let started = Mutex(false)

    init(name: String) {
        self.name = name
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        wakeFDs = (fds[0], fds[1])
    }

    /// Makes the thread poll its set again; the first call starts it with `body`, which runs forever, calling
    /// ``wait(on:)`` in a loop.
    func wake(starting body: @escaping @Sendable (PollingThread) -> Void) {
        let start = started.withLock { s -> Bool in
            defer { s = true }
            return !s
        }
        if start {
            let thread = Thread { [self] in body(self) }
            thread.name = name
            thread.start()
        }
        var byte: UInt8 = 1
        _ = write(wakeFDs.write, &byte, 1)
    }

    /// Blocks until one of `fds` is readable or the thread is woken; returns the readable ones.
    func wait(on fds: [Int32]) -> [Int32] {
        var pollFDs = [pollfd(fd: wakeFDs.read, events: Int16(POLLIN), revents: 0)]
        pollFDs += fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        if poll(&pollFDs, nfds_t(pollFDs.count), -1) <= 0 { return [] }
        if pollFDs[0].revents != 0 {
            var drain: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            while read(wakeFDs.read, &drain, MemoryLayout.size(ofValue: drain)) > 0 {}
        }
        return fds.indices.filter { pollFDs[$0 + 1].revents != 0 }.map { fds[$0] }
    }
}
