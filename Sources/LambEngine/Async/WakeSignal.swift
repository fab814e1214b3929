import Synchronization

/// Wakes one waiting loop: a signal sent while nobody waits is kept, so the next wait returns at once and no wake-up
/// is ever lost between the loop's checks and its wait.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
        var nextId: UInt64 = 0
    }

    private let state = Mutex(State())

    init() {}

    /// Wakes the waiter, or the next one to wait.
    func signal() {
        let continuation: CheckedContinuation<Void, Never>? = state.withLock { s in
            guard let waiter = s.waiter else {
                s.pending = true
                return nil
            }
            s.waiter = nil
            return waiter.continuation
        }
        continuation?.resume()
    }

    /// Returns after a signal, after `timeout` seconds (`nil`: no timeout), or when the task is cancelled.
    func wait(timeout: Double?) async {
        let pending = state.withLock { s in
            defer { s.pending = false }
            return s.pending
        }
        if pending { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForSignal() }
            if let timeout {
                group.addTask { try? await Task.sleep(for: .milliseconds(Int64(max(timeout, 0) * 1000) + 1)) }
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForSignal() async {
        let id = state.withLock { s in
            s.nextId += 1
            return s.nextId
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                // Checked under the lock the cancellation handler takes too: either the handler finds this
                // continuation stored, or this sees the task already cancelled. Never neither.
                let resumeNow = state.withLock { s in
                    if s.pending || Task.isCancelled {
                        s.pending = false
                        return true
                    }
                    s.waiter = (id, continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, Never>? = state.withLock { s in
                guard let waiter = s.waiter, waiter.id == id else { return nil }
                s.waiter = nil
                return waiter.continuation
            }
            continuation?.resume()
        }
    }
}
