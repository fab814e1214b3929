import Foundation
import LambCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Collects the exit status of every child process Lamb starts, on one dedicated thread.
///
/// `waitpid` blocks, so it must not run on Swift's cooperative pool. The thread waits with `waitpid(-1)` only while
/// children are outstanding, and hands each status to the handler registered for that pid. A child can exit before
/// its handler is registered; its status is kept until `watch` claims it. Lamb never starts children any other way
/// in the server (Foundation's `Process` would race this reaper).
public final class ChildReaper: Sendable {
    public static let shared = ChildReaper()

    private struct State {
        var outstanding = 0
        var handlers: [Int32: @Sendable (ProcessExit) -> Void] = [:]
        var unclaimed: [Int32: ProcessExit] = [:]
        var threadStarted = false
    }

    private let state = Mutex(State())
    private let wakeUp = NSCondition()

    /// Call before spawning; pair with `spawnFailed()` or a later `watch`.
    public func willSpawn() {
        let start = state.withLock { s -> Bool in
            s.outstanding += 1
            defer { s.threadStarted = true }
            return !s.threadStarted
        }
        if start {
            let thread = Thread { [self] in self.run() }
            thread.name = "lamb-reaper"
            thread.start()
        }
        wakeUp.lock()
        wakeUp.signal()
        wakeUp.unlock()
    }

    public func spawnFailed() {
        state.withLock { $0.outstanding -= 1 }
    }

    /// Registers the handler for `pid`'s exit; runs it at once if the child has already exited.
    public func watch(_ pid: Int32, _ handler: @escaping @Sendable (ProcessExit) -> Void) {
        let already = state.withLock { s -> ProcessExit? in
            if let exit = s.unclaimed.removeValue(forKey: pid) { return exit }
            s.handlers[pid] = handler
            return nil
        }
        if let already { handler(already) }
    }

    private func run() {
        while true {
            wakeUp.lock()
            while state.withLock({ $0.outstanding }) == 0 { wakeUp.wait() }
            wakeUp.unlock()
            var status: Int32 = 0
            let pid = waitpid(-1, &status, 0)
            if pid < 0 {
                if errno == ECHILD { Thread.sleep(forTimeInterval: 0.001) }
                continue
            }
            let exit = Self.decode(status)
            let handler = state.withLock { s -> (@Sendable (ProcessExit) -> Void)? in
                s.outstanding -= 1
                if let h = s.handlers.removeValue(forKey: pid) { return h }
                s.unclaimed[pid] = exit
                return nil
            }
            handler?(exit)
        }
    }

    static func decode(_ status: Int32) -> ProcessExit {
        let signal = status & 0x7f
        if signal == 0 { return .exited(code: (status >> 8) & 0xff) }
        return .signaled(signal: signal)
    }
}
