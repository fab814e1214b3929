import Foundation
import Synchronization
import Testing

@testable import LambSandbox

/// The pool both network namespaces and /tmp disks are made ahead in, with plain values for items.
@Suite("Prepared pools: made ahead by a thread, taken by cold starts")
struct PreparedPoolTests {
    final class Made: Sendable {
        let count = Mutex(0)
        let discarded = Mutex<[Int]>([])
        let failing = Mutex(false)
    }

    func pool(target: Int, _ made: Made) -> PreparedPool<FixedPreparedPolicy, Int> {
        PreparedPool(
            policy: FixedPreparedPolicy(target: target), threadName: "test-pool",
            make: { _ in
                if made.failing.withLock({ $0 }) { return nil }
                return made.count.withLock { count in
                    count += 1
                    return count
                }
            },
            discard: { item in made.discarded.withLock { $0.append(item) } })
    }

    @Test("fills to its target, hands out ready items, and refills after a take")
    func fillsAndRefills() {
        let made = Made()
        let pool = pool(target: 3, made)
        pool.prepare()
        #expect(SandboxHost.eventually { pool.readyCount(0) == 3 })
        #expect(pool.take(0) != nil)
        #expect(SandboxHost.eventually { pool.readyCount(0) == 3 })
        #expect(made.count.withLock { $0 } == 4)
        pool.stop()
    }

    @Test("a failed make pauses the filler until the next take; the caller makes its own meanwhile")
    func pausesOnFailure() {
        let made = Made()
        made.failing.withLock { $0 = true }
        let pool = pool(target: 2, made)
        #expect(pool.take(0) == nil)  // starts the filler, which fails and pauses
        made.failing.withLock { $0 = false }
        #expect(pool.readyCount(0) == 0)
        _ = pool.take(0)  // wakes it
        #expect(SandboxHost.eventually { pool.readyCount(0) == 2 })
        pool.stop()
    }

    @Test("stop discards what is ready, and nothing more is made")
    func stopDiscards() {
        let made = Made()
        let pool = pool(target: 2, made)
        pool.prepare()
        #expect(SandboxHost.eventually { pool.readyCount(0) == 2 })
        pool.stop()
        #expect(made.discarded.withLock { $0.sorted() } == [1, 2])
        #expect(pool.readyCount(0) == 0)
    }
}
