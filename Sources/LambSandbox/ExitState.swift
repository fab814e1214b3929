import LambCore
import Synchronization

/// The exit of one sandboxed process, and who waits for it: handlers registered before or after the exit each run
/// exactly once.
final class ExitState: Sendable {
    private let state = Mutex<(exit: ProcessExit?, waiters: [@Sendable (ProcessExit) -> Void])>((nil, []))

    var hasExited: Bool { state.withLock { $0.exit != nil } }

    func finish(_ exit: ProcessExit) {
        let waiters = state.withLock { s -> [@Sendable (ProcessExit) -> Void] in
            guard s.exit == nil else { return [] }
            s.exit = exit
            defer { s.waiters.removeAll() }
            return s.waiters
        }
        waiters.forEach { $0(exit) }
    }

    func onExit(_ handler: @escaping @Sendable (ProcessExit) -> Void) {
        let done = state.withLock { s -> ProcessExit? in
            if let exit = s.exit { return exit }
            s.waiters.append(handler)
            return nil
        }
        if let done { handler(done) }
    }

    /// Returns once the process has exited; if it has not after `grace`, runs `escalate` (a SIGKILL) and keeps waiting.
    func waitForExit(orAfter grace: Duration, escalate: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumed = Mutex(false)
            let resumeOnce: @Sendable () -> Void = {
                if resumed.withLock({ r in
                    defer { r = true }
                    return !r
                }) {
                    continuation.resume()
                }
            }
            onExit { _ in resumeOnce() }
            Task {
                try? await Task.sleep(for: grace)
                if !self.hasExited { escalate() }
            }
        }
    }
}
