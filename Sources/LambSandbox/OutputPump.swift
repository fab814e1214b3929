import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the output pipes of all environments on one thread with `poll`, and lets the engine drain a pipe
/// synchronously when an invocation ends, so that everything a runtime printed before posting its result is
/// attributed to that invocation.
///
/// Reads of one pipe (by the thread or by `drain`) happen under that pipe's lock, so chunks are delivered in order.
public final class OutputPump: Sendable {
    public static let shared = OutputPump()

    /// Receives output chunks, then `nil` once at end of file.
    public typealias Sink = @Sendable (ArraySlice<UInt8>?) -> Void

    final class Registration: Sendable {
        let fd: Int32
        let sink: Sink
        let reading = Mutex(false)  // true once closed
        init(fd: Int32, sink: @escaping Sink) {
            self.fd = fd
            self.sink = sink
        }
    }

    private let registrations = Mutex([Int32: Registration]())
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

    /// Starts reading `fd` (the read end of a pipe, owned by the pump from now on).
    public func register(fd: Int32, sink: @escaping Sink) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        registrations.withLock { $0[fd] = Registration(fd: fd, sink: sink) }
        let start = started.withLock { s -> Bool in
            defer { s = true }
            return !s
        }
        if start {
            let thread = Thread { [self] in self.run() }
            thread.name = "lamb-output"
            thread.start()
        }
        wake()
    }

    /// Reads whatever is in the pipe now and hands it to the sink before returning.
    public func drain(fd: Int32) {
        guard let reg = registrations.withLock({ $0[fd] }) else { return }
        readAvailable(reg)
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeFDs.write, &byte, 1)
    }

    private func run() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let regs = registrations.withLock { Array($0.values) }
            var pollFDs = [pollfd(fd: wakeFDs.read, events: Int16(POLLIN), revents: 0)]
            pollFDs += regs.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            let n = poll(&pollFDs, nfds_t(pollFDs.count), -1)
            if n <= 0 { continue }
            if pollFDs[0].revents != 0 {
                while read(wakeFDs.read, &buffer, buffer.count) > 0 {}
            }
            for (index, reg) in regs.enumerated() where pollFDs[index + 1].revents != 0 {
                readAvailable(reg)
            }
        }
    }

    /// Reads until the pipe would block; at end of file unregisters, closes and tells the sink.
    private func readAvailable(_ reg: Registration) {
        reg.reading.withLock { closed in
            guard !closed else { return }
            // On the stack: `drain` runs once per invocation, and usually finds the pipe empty.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16384) { buffer in
                readUntilEmpty(reg, into: buffer, closed: &closed)
            }
        }
    }

    private func readUntilEmpty(_ reg: Registration, into buffer: UnsafeMutableBufferPointer<UInt8>, closed: inout Bool)
    {
        while true {
            let n = read(reg.fd, buffer.baseAddress, buffer.count)
            if n > 0 {
                reg.sink(ArraySlice(buffer[0..<n]))
                continue
            }
            if n < 0 && (errno == EAGAIN || errno == EINTR) { return }
            closed = true
            registrations.withLock { _ = $0.removeValue(forKey: reg.fd) }
            close(reg.fd)
            reg.sink(nil)
            return
        }
    }
}
