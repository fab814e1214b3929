import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the output pipes of all environments on one thread with `epoll`, and lets the engine drain a pipe
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
    private let thread = PollingThread(name: "lamb-output")

    init() {}

    /// Starts reading `fd` (the read end of a pipe, owned by the pump from now on).
    public func register(fd: Int32, sink: @escaping Sink) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        registrations.withLock { $0[fd] = Registration(fd: fd, sink: sink) }
        thread.add(fd) { [self] thread in run(on: thread) }
    }

    /// Reads whatever is in the pipe now and hands it to the sink before returning.
    public func drain(fd: Int32) {
        guard let reg = registrations.withLock({ $0[fd] }) else { return }
        readAvailable(reg)
    }

    private func run(on thread: PollingThread) {
        while true {
            for fd in thread.wait() {
                if let reg = registrations.withLock({ $0[fd] }) { readAvailable(reg) }
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
            thread.remove(reg.fd)
            close(reg.fd)
            reg.sink(nil)
            return
        }
    }
}
