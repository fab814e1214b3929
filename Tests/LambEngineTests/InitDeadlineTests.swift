import NIOCore
import NIOEmbedded
import Synchronization
import Testing

@testable import LambEngine

@Suite("Init limit: time waiting for a CPU does not count")
struct InitDeadlineTests {
    @Test("what is left of the limit is the limit minus the time not spent waiting")
    func remaining() {
        #expect(InitDeadline.remaining(limit: .seconds(10), elapsed: .seconds(10), waited: .zero) == nil)
        #expect(InitDeadline.remaining(limit: .seconds(10), elapsed: .seconds(12), waited: .seconds(1)) == nil)
        #expect(InitDeadline.remaining(limit: .seconds(10), elapsed: .seconds(10), waited: .seconds(4)) == .seconds(4))
        #expect(InitDeadline.remaining(limit: .seconds(10), elapsed: .seconds(3), waited: .zero) == .seconds(7))
        // Never past six times the limit, however long the wait.
        #expect(InitDeadline.remaining(limit: .seconds(10), elapsed: .seconds(58), waited: .seconds(55)) == .seconds(2))
        #expect(InitDeadline.remaining(limit: .seconds(10), elapsed: .seconds(60), waited: .seconds(59)) == nil)
    }

    /// A deadline on a loop and a clock the test moves, with a run-queue wait the test sets.
    final class Harness: Sendable {
        let loop = EmbeddedEventLoop()
        let start = ContinuousClock.now
        let elapsed = Mutex(Duration.zero)
        let waited = Mutex(Duration.zero)
        let expired = Mutex(false)

        func deadline(limit: Duration) -> InitDeadline {
            InitDeadline(
                limit: limit, eventLoop: loop,
                waitSoFar: { [self] in UInt64(waited.withLock { $0 }.wholeNanoseconds) },
                now: { [self] in start + elapsed.withLock { $0 } },
                expire: { [self] in expired.withLock { $0 = true } })
        }

        /// Time passes; `waiting` of it the environment spent waiting for a CPU.
        func pass(_ duration: Duration, waiting: Duration = .zero) {
            elapsed.withLock { $0 += duration }
            waited.withLock { $0 += waiting }
            loop.advanceTime(by: .nanoseconds(duration.wholeNanoseconds))
        }

        var hasExpired: Bool { expired.withLock { $0 } }
    }

    @Test("time spent waiting for a CPU moves the deadline; init's own time runs it out")
    func waitingDefersExpiry() throws {
        let h = Harness()
        let deadline = h.deadline(limit: .seconds(10))
        h.pass(.seconds(10), waiting: .seconds(8))
        #expect(!h.hasExpired)  // 2 s of its own: 8 s left
        h.pass(.seconds(7))
        #expect(!h.hasExpired)
        h.pass(.seconds(1))
        #expect(h.hasExpired)
        deadline.cancel()
    }

    @Test("without waiting, the limit is wall-clock time; however long the wait, six times the limit ends it")
    func limits() throws {
        let plain = Harness()
        _ = plain.deadline(limit: .seconds(10))
        plain.pass(.seconds(9))
        #expect(!plain.hasExpired)
        plain.pass(.seconds(1))
        #expect(plain.hasExpired)

        let starved = Harness()
        _ = starved.deadline(limit: .seconds(10))
        for _ in 0..<5 { starved.pass(.seconds(10), waiting: .seconds(10)) }
        #expect(!starved.hasExpired)
        starved.pass(.seconds(10), waiting: .seconds(10))
        #expect(starved.hasExpired)
    }

    @Test("cancelled before the limit, it never expires")
    func cancelled() throws {
        let h = Harness()
        let deadline = h.deadline(limit: .seconds(10))
        deadline.cancel()
        h.pass(.seconds(60))
        #expect(!h.hasExpired)
    }
}
