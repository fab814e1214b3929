import NIOCore
import Synchronization

/// The init limit (10 s, as on Lambda) measured as an environment on Lambda would live it, with its CPU to itself.
///
/// On this host many environments can start at once on a few cores, and each then spends much of its init waiting
/// for a CPU: a thousand cold starts on two cores took 15 s in all, and nine in ten failed their init at 10 s
/// although none was slow. So when the limit's time is up, the time the environment's threads spent waiting on a run
/// queue since init began (its most-delayed thread's) is taken off, and the check is set again for what is left.
/// Init's own time (running, sleeping, waiting for I/O) is what makes it expire, as on Lambda; in no case does init
/// get more than ``maximumStretch`` times the limit of wall-clock time. Where the sandbox cannot tell the wait, the
/// limit is plain wall-clock time.
final class InitDeadline: Sendable {
    /// What is left of `limit` after `elapsed`, of which `waited` was spent waiting for a CPU; `nil` once it is used up.
    static func remaining(limit: Duration, elapsed: Duration, waited: Duration) -> Duration? {
        let charged = elapsed - waited
        if charged >= limit || elapsed >= limit * maximumStretch { return nil }
        return min(limit - charged, limit * maximumStretch - elapsed)
    }

    /// However long init waited for a CPU, it ends after this many times the limit.
    static let maximumStretch = 6

    private let limit: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let started: ContinuousClock.Instant
    private let eventLoop: any EventLoop
    private let waitSoFar: @Sendable () -> UInt64?
    /// The wait before init began (0 when the environment's threads are not in its cgroup yet, as is usual).
    private let baseline: UInt64
    private let expire: @Sendable () -> Void
    private let timer = Mutex<(scheduled: Scheduled<Void>?, done: Bool)>((nil, false))

    /// Starts counting now; `waitSoFar` reads the environment's run-queue wait in nanoseconds, `expire` runs once the
    /// limit is used up (unless ``cancel()`` came first). `now` is the clock (tests move their own).
    init(
        limit: Duration, eventLoop: any EventLoop, waitSoFar: @escaping @Sendable () -> UInt64?,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }, expire: @escaping @Sendable () -> Void
    ) {
        self.limit = limit
        self.now = now
        self.started = now()
        self.eventLoop = eventLoop
        self.waitSoFar = waitSoFar
        self.baseline = waitSoFar() ?? 0
        self.expire = expire
        arm(after: limit)
    }

    /// Init ended: the deadline no longer applies.
    func cancel() {
        timer.withLock { timer in
            timer.done = true
            timer.scheduled?.cancel()
        }
    }

    private func arm(after delay: Duration) {
        timer.withLock { timer in
            guard !timer.done else { return }
            timer.scheduled = eventLoop.scheduleTask(in: .nanoseconds(delay.wholeNanoseconds)) { [self] in check() }
        }
    }

    private func check() {
        var waited = Duration.zero
        if let now = waitSoFar(), now > baseline {
            waited = .nanoseconds(Int64(now - baseline))
        }
        if let left = Self.remaining(limit: limit, elapsed: started.duration(to: now()), waited: waited) {
            arm(after: left)
        } else if timer.withLock({ !$0.done }) {
            expire()
        }
    }
}
