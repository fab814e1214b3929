import NIOCore
import Synchronization

/// The SnapStart template's side of `/runtime/restore/next`: the template parks on it once its snapshot is ready,
/// and again after every restore; the engine answers a parked request with a restore order (a JSON body naming
/// the new environment's Runtime API address), and learns the restored child's pid from the template's next park
/// (`?id=ORDER&pid=PID`).
public final class RestoreChannel: Sendable {
    /// Answers a parked `/restore/next` with `body`. Called at most once.
    public typealias Responder = @Sendable (ByteBuffer) -> Void

    private struct State {
        var parked: Responder?
        var parkWaiters: [CheckedContinuation<Responder?, Never>] = []
        var pidWaiters: [String: CheckedContinuation<Int32?, Never>] = [:]
        var reported: [String: Int32] = [:]
        var closed = false
        var runtimePid: Int32?
    }

    private let state = Mutex(State())

    public init() {}

    /// The template parked on `/restore/next`, reporting the child of the previous order when it forked one.
    public func park(_ responder: @escaping Responder, reportedOrder: String?, pid: Int32?, selfPid: Int32? = nil) {
        let (waiter, pidWaiter) = state.withLock {
            s -> (CheckedContinuation<Responder?, Never>?, CheckedContinuation<Int32?, Never>?) in
            if let selfPid { s.runtimePid = selfPid }
            var pidWaiter: CheckedContinuation<Int32?, Never>?
            if let order = reportedOrder, let pid {
                if let w = s.pidWaiters.removeValue(forKey: order) { pidWaiter = w } else { s.reported[order] = pid }
            }
            if s.closed { return (nil, pidWaiter) }
            if !s.parkWaiters.isEmpty { return (s.parkWaiters.removeFirst(), pidWaiter) }
            s.parked = responder
            return (nil, pidWaiter)
        }
        pidWaiter?.resume(returning: pid)
        waiter?.resume(returning: responder)
    }

    /// Sends `body` (an order with id `order`) to the parked template, waiting for it to park if needed, and returns
    /// the pid of the child it forked (as the template sees it), or `nil` when the template went away.
    public func restore(order: String, body: ByteBuffer) async -> Int32? {
        let responder: Responder? = await withCheckedContinuation { continuation in
            let ready = state.withLock { s -> (Bool, Responder?) in
                if s.closed { return (true, nil) }
                if let r = s.parked {
                    s.parked = nil
                    return (true, r)
                }
                s.parkWaiters.append(continuation)
                return (false, nil)
            }
            if ready.0 { continuation.resume(returning: ready.1) }
        }
        guard let responder else { return nil }
        return await withCheckedContinuation { continuation in
            let known = state.withLock { s -> (Bool, Int32?) in
                if let pid = s.reported.removeValue(forKey: order) { return (true, pid) }
                if s.closed { return (true, nil) }
                s.pidWaiters[order] = continuation
                return (false, nil)
            }
            if known.0 {
                continuation.resume(returning: known.1)
            } else {
                responder(body)
            }
        }
    }

    /// The template runtime's own pid, as it sees it (reported with its first park).
    public var runtimePid: Int32? { state.withLock { $0.runtimePid } }

    /// The template is gone: every waiter gets `nil`.
    public func close() {
        let (parkWaiters, pidWaiters) = state.withLock { s in
            s.closed = true
            s.parked = nil
            defer {
                s.parkWaiters = []
                s.pidWaiters = [:]
            }
            return (s.parkWaiters, Array(s.pidWaiters.values))
        }
        for w in parkWaiters { w.resume(returning: nil) }
        for w in pidWaiters { w.resume(returning: nil) }
    }
}
