import LambCore
import LambSandbox
import Logging
import NIOCore
import Synchronization

/// Freezes an environment whenever it is idle in its pool *and* its runtime is parked on `/next`, and thaws it when
/// an invocation takes it out of the pool, so that background threads and timers make no progress between
/// invocations, as on Lambda. The two conditions arrive from different threads (the Runtime API's event loop, the
/// engine), so they meet under one lock.
///
/// The freeze itself runs later on the environment's event loop rather than inside the call that completes the
/// second condition: that call is usually on the way to answering the invocation's caller, and freezing (the
/// kernel stops every task of the cgroup) would delay the answer. An invocation that takes the environment first
/// simply finds nothing to thaw.
final class EnvironmentFreezer: Sendable {
    private struct State {
        var parked = false
        var pooled = false
        var frozen = false
        /// Freezes in a row that found threads still running; two make a warning (one could be the runtime's own
        /// thread on its way into `/next`).
        var busyFreezes = 0
        var warned = false
        var freezes = 0

        var isIdle: Bool { parked && pooled && !frozen }
    }

    /// Looking for running threads reads one `/proc` file per thread, which would be a large share of a warm
    /// invocation; the first freezes are always checked (that is when init's leftovers show), then one in
    /// `checkEvery`, and always the one after a check that found threads running.
    private static let alwaysChecked = 8
    private static let checkEvery = 16

    private let state = Mutex(State())
    private let process: any SandboxedProcess
    private let log: EnvironmentLog
    private let eventLoop: any EventLoop
    private let logger: Logger

    init(process: any SandboxedProcess, log: EnvironmentLog, eventLoop: any EventLoop, logger: Logger) {
        self.process = process
        self.log = log
        self.eventLoop = eventLoop
        self.logger = logger
    }

    /// The runtime asked for its next event.
    func runtimeParked() {
        let idle = state.withLock { s in
            s.parked = true
            return s.isIdle
        }
        if idle { freezeSoon() }
    }

    /// The engine put the environment back into its pool.
    func enteredPool() {
        let idle = state.withLock { s in
            s.pooled = true
            return s.isIdle
        }
        if idle { freezeSoon() }
    }

    /// Freezes after the loop's queued tasks have run once more. The engine puts the environment back into its pool
    /// on the way to answering the caller, and the rest of that way (the invocation task resuming, the answer's
    /// write) is queued on this loop right behind the call that got here: going to the back of the queue a second
    /// time lets the answer leave first, so that freezing does not add to the caller's wait.
    private func freezeSoon() {
        eventLoop.execute { [self] in
            guard state.withLock({ $0.isIdle }) else { return }
            eventLoop.execute { [self] in state.withLock { freezeIfIdle(&$0) } }
        }
    }

    /// An invocation took the environment. It stays frozen until ``eventHandedOver()``: nothing can freeze it again
    /// in between, since it is no longer idle.
    func leftPool() {
        state.withLock { s in
            s.pooled = false
            s.parked = false
        }
    }

    /// The invocation's event is on the runtime's socket (or waits for its `/next`): the environment runs again.
    /// Thawing after the write rather than before saves the runtime a wake-up: it leaves the freezer with its event
    /// already there, instead of waking once to be thawed and once more when the event arrives.
    func eventHandedOver() {
        state.withLock { s in
            guard s.frozen, !s.pooled else { return }
            do {
                try process.thaw()
                s.frozen = false
            } catch {
                logger.warning("could not thaw environment", metadata: ["error": "\(error)"])
            }
        }
    }

    private func freezeIfIdle(_ s: inout State) {
        guard s.isIdle else { return }
        s.freezes += 1
        if !s.warned && (s.freezes <= Self.alwaysChecked || s.freezes % Self.checkEvery == 0 || s.busyFreezes > 0) {
            checkRunningThreads(&s)
        }
        do {
            try process.freeze()
            s.frozen = true
        } catch {
            logger.warning("could not freeze environment", metadata: ["error": "\(error)"])
        }
    }

    private func checkRunningThreads(_ s: inout State) {
        let running = process.runnableThreads()
        s.busyFreezes = running > 0 ? s.busyFreezes + 1 : 0
        if s.busyFreezes >= 2 {
            s.warned = true
            log.platform(
                "LAMB WARNING: this environment still had \(running) running thread(s) when it was frozen after "
                    + "its invocation. Lambda freezes that work too: it only continues during the next invocation.")
        }
    }
}
