import LambRuntimeAPI
import LambSandbox
import Logging
import Synchronization

/// Freezes and thaws an environment's processes through its sandbox, for the mailbox that decides when
/// (``RuntimeMailbox``), and warns in the function's log when work was still running at a freeze.
final class SandboxSuspension: EnvironmentSuspension {
    /// Looking for running threads reads one `/proc` file per thread, which would be a large share of a warm
    /// invocation; the first freezes are always checked (that is when init's leftovers show), then one in
    /// `checkEvery`, and always the one after a check that found threads running.
    private static let alwaysChecked = 8
    private static let checkEvery = 16

    private struct Checks {
        var freezes = 0
        /// Freezes in a row that found threads still running; two make a warning (one could be the runtime's own
        /// thread on its way into `/next`).
        var busyFreezes = 0
        var warned = false
    }

    private let process: any SandboxedProcess
    private let log: EnvironmentLog
    private let logger: Logger
    private let checks = Mutex(Checks())

    init(process: any SandboxedProcess, log: EnvironmentLog, logger: Logger) {
        self.process = process
        self.log = log
        self.logger = logger
    }

    func freeze() -> Bool {
        checkRunningThreads()
        do {
            try process.freeze()
            return true
        } catch {
            logger.warning("could not freeze environment", metadata: ["error": "\(error)"])
            return false
        }
    }

    func thaw() -> Bool {
        do {
            try process.thaw()
            return true
        } catch {
            logger.warning("could not thaw environment", metadata: ["error": "\(error)"])
            return false
        }
    }

    private func checkRunningThreads() {
        checks.withLock { c in
            c.freezes += 1
            guard !c.warned,
                c.freezes <= Self.alwaysChecked || c.freezes % Self.checkEvery == 0 || c.busyFreezes > 0
            else { return }
            let running = process.runnableThreads()
            c.busyFreezes = running > 0 ? c.busyFreezes + 1 : 0
            if c.busyFreezes >= 2 {
                c.warned = true
                log.platform(
                    "LAMB WARNING: this environment still had \(running) running thread(s) when it was frozen after "
                        + "its invocation. Lambda freezes that work too: it only continues during the next invocation.")
            }
        }
    }
}
