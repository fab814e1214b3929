import NIOCore
import NIOPosix
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

    @Test("an environment that waits for a CPU the whole time does not expire; once it runs, it does")
    func waitingDefersExpiry() async throws {
        let start = ContinuousClock.now
        // While `waiting`, every nanosecond since `start` counts as run-queue wait; after that, the wait stays put.
        // (200 ms of waiting is well within the 6x stretch of the 100 ms limit.)
        let state = Mutex<(waiting: Bool, frozen: UInt64)>((true, 0))
        let expired = Atomic<Bool>(false)
        let deadline = InitDeadline(
            limit: .milliseconds(100), eventLoop: MultiThreadedEventLoopGroup.singleton.next(),
            waitSoFar: {
                let elapsed = start.duration(to: .now)
                let nanoseconds = UInt64(elapsed.components.seconds) * 1_000_000_000
                    + UInt64(elapsed.components.attoseconds / 1_000_000_000)
                return state.withLock { s in
                    if s.waiting { s.frozen = nanoseconds }
                    return s.frozen
                }
            },
            expire: { expired.store(true, ordering: .relaxed) })
        try await Task.sleep(for: .milliseconds(200))
        let expiredWhileWaiting = expired.load(ordering: .relaxed)
        #expect(!expiredWhileWaiting)
        state.withLock { $0.waiting = false }
        for _ in 0..<500 where !expired.load(ordering: .relaxed) {
            try await Task.sleep(for: .milliseconds(10))
        }
        let expiredOnceRunning = expired.load(ordering: .relaxed)
        #expect(expiredOnceRunning)
        deadline.cancel()
    }

    @Test("cancelled before the limit, it never expires")
    func cancelled() async throws {
        let expired = Atomic<Bool>(false)
        let deadline = InitDeadline(
            limit: .milliseconds(20), eventLoop: MultiThreadedEventLoopGroup.singleton.next(), waitSoFar: { nil },
            expire: { expired.store(true, ordering: .relaxed) })
        deadline.cancel()
        try await Task.sleep(for: .milliseconds(100))
        let expiredAfterCancel = expired.load(ordering: .relaxed)
        #expect(!expiredAfterCancel)
    }
}
