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
/// `waitpid` blocks, so it must not run on Swift's cooperative pool. The thread waits with `waitpid(-1)` while Lamb
/// has children, and hands each status to the handler registered for that pid. A child can exit before its handler
/// is registered; its status is kept until `watch` claims it. Lamb never starts children any other way in the server
/// (Foundation's `Process` would race this reaper).
///
/// There is deliberately no count of live children: when `posix_spawn` fails after creating its child, glibc reaps
/// that child itself — unless this thread got to it first — so a count would drift and the thread would sleep while
/// runtimes still run. Instead the thread sleeps only on `ECHILD`, until the next spawn.
///
/// It stays one per process (`shared`) rather than injected: `waitpid(-1)` collects every child of the process, so a
/// second reaper would steal the first one's statuses.
public final class ChildReaper: Sendable {
    public static let shared = ChildReaper()

    private struct State {
        var handlers: [Int32: @Sendable (ProcessExit) -> Void] = [:]
        var unclaimed: [Int32: ProcessExit] = [:]
        var threadStarted = false
        /// Bumped around every spawn, so the thread knows a child may exist now that did not at its last look.
        var spawns: UInt64 = 0
    }

    private let state = Mutex(State())
    private let wakeUp = NSCondition()

    /// Call before spawning, and `didSpawn()` after (whether the spawn worked or not).
    public func willSpawn() {
        let start = state.withLock { s -> Bool in
            defer { s.threadStarted = true }
            return !s.threadStarted
        }
        if start {
            let thread = Thread { [self] in self.run() }
            thread.name = "lamb-reaper"
            thread.start()
        }
        noteSpawn()
    }

    public func didSpawn() {
        noteSpawn()
    }

    private func noteSpawn() {
        wakeUp.lock()
        state.withLock { $0.spawns &+= 1 }
        wakeUp.signal()
        wakeUp.unlock()
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
            let seen = state.withLock { $0.spawns }
            var status: Int32 = 0
            let pid = waitpid(-1, &status, 0)
            if pid > 0 {
                let exit = Self.decode(status)
                let handler = state.withLock { s -> (@Sendable (ProcessExit) -> Void)? in
                    if let h = s.handlers.removeValue(forKey: pid) { return h }
                    s.unclaimed[pid] = exit
                    return nil
                }
                handler?(exit)
                continue
            }
            if errno == EINTR { continue }
            // ECHILD: no children now. Sleep until a spawn happens after `seen` was read.
            wakeUp.lock()
            while state.withLock({ $0.spawns }) == seen { wakeUp.wait() }
            wakeUp.unlock()
        }
    }

    static func decode(_ status: Int32) -> ProcessExit {
        let signal = status & 0x7f
        if signal == 0 { return .exited(code: (status >> 8) & 0xff) }
        return .signaled(signal: signal)
    }
}
