import Foundation
import LambSandbox
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// How a restored child tells Lamb which process serves (itself, or the grandchild it made in a pid namespace of its
/// own), as the template sees it: it writes the pid to a FIFO and closes it. The template does not wait for this, so
/// it can fork the next restore while this child is still making its namespaces.
final class ServingPidReport: Sendable {
    private struct State {
        var text = ""
        var done = false
        var waiter: CheckedContinuation<Int32?, Never>?
    }

    private let state = Mutex(State())
    /// The FIFO on the host, and as the template sees it.
    let hostPath: String
    let path: String

    /// Makes the FIFO and starts reading it (on the output pump's thread).
    init(hostRoot: String, path: String, output: OutputPump) throws {
        self.hostPath = hostRoot + path
        self.path = path
        let fd = try HostFIFO.make(at: hostPath, opening: O_RDONLY)
        output.register(fd: fd) { [self] chunk in
            if let chunk { state.withLock { $0.text += String(decoding: chunk, as: UTF8.self) } } else { finish() }
        }
    }

    /// The reported pid, once every writer closed the FIFO; `nil` if the child ended without writing one or
    /// `timeout` passed.
    func value(timeout: Duration) async -> Int32? {
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(timeout.wholeNanoseconds))) { [self] in
            abandon()
        }
        return await withCheckedContinuation { continuation in
            let known = state.withLock { s -> Int32?? in
                if s.done { return .some(Int32(s.text.trimmingCharacters(in: .whitespacesAndNewlines))) }
                s.waiter = continuation
                return .none
            }
            if let known { continuation.resume(returning: known) }
        }
    }

    /// Stops waiting: a writer that comes and goes ends the pump's read with end of file. Also removes the name.
    func abandon() {
        let fd = open(hostPath, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        if fd >= 0 { close(fd) }
        unlink(hostPath)
        finish()
    }

    private func finish() {
        let (waiter, pid) = state.withLock { s -> (CheckedContinuation<Int32?, Never>?, Int32?) in
            s.done = true
            defer { s.waiter = nil }
            return (s.waiter, Int32(s.text.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        waiter?.resume(returning: pid)
    }
}
