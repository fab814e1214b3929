import Foundation

/// How many items of each kind a ``PreparedPool`` keeps ready.
protocol PreparedPoolPolicy: Sendable {
    associatedtype Key: Hashable & Sendable
    /// Notes that a cold start asked for `key` (a policy may start keeping kinds that are in use).
    mutating func asked(for key: Key)
    /// How many ready items of `key` the pool should hold now; `0` drops the ready ones.
    func target(for key: Key) -> Int
    /// The next kind to make an item of, given how many of each are ready; `nil` when every target is met.
    func nextKey(ready: [Key: Int]) -> Key?
}

/// Things a cold start needs that take long to make (a network namespace, a formatted /tmp disk), made ahead by a
/// background thread so that the cold start only takes one. A cold start that finds none ready (a burst, a kind
/// not asked for lately) makes its own: ``take(_:)`` returns `nil` and the caller does.
///
/// A failed make (the kernel out of something, a full disk) pauses the filler until the next take, so a broken host
/// is not retried in a loop; cold starts then make their own and fail with the reason.
final class PreparedPool<Policy: PreparedPoolPolicy, Item>: @unchecked Sendable {
    typealias Key = Policy.Key
    private let threadName: String
    private let make: @Sendable (Key) -> Item?
    private let discard: @Sendable (Item) -> Void
    // Guards everything below; the filler thread waits on it.
    private let condition = NSCondition()
    private var policy: Policy
    private var ready: [Key: [Item]] = [:]
    private var stopped = false
    private var started = false
    private var paused = false

    /// `make` returns `nil` when it failed; `discard` undoes an item nobody took.
    init(
        policy: Policy, threadName: String, make: @escaping @Sendable (Key) -> Item?,
        discard: @escaping @Sendable (Item) -> Void
    ) {
        self.policy = policy
        self.threadName = threadName
        self.make = make
        self.discard = discard
    }

    /// A ready item of `key`, or `nil` when none is (the caller makes its own). Starts the filler on first use.
    func take(_ key: Key) -> Item? {
        condition.lock()
        policy.asked(for: key)
        let taken = ready[key]?.popLast()
        let startFiller = !started && !stopped
        started = true
        paused = false
        condition.signal()
        condition.unlock()
        if startFiller { startFillerThread() }
        return taken
    }

    /// Starts making items ahead (otherwise the first ``take(_:)`` does).
    func prepare() {
        condition.lock()
        let start = !started && !stopped
        started = true
        condition.unlock()
        if start { startFillerThread() }
    }

    /// Stops making items and discards the ready ones.
    func stop() {
        condition.lock()
        stopped = true
        let left = ready.values.flatMap { $0 }
        ready = [:]
        condition.signal()
        condition.unlock()
        for item in left { discard(item) }
    }

    /// How many of `key` are ready now (for tests).
    func readyCount(_ key: Key) -> Int {
        condition.lock()
        defer { condition.unlock() }
        return ready[key]?.count ?? 0
    }

    private func startFillerThread() {
        let thread = Thread { [self] in fill() }
        thread.name = threadName
        thread.start()
    }

    private func fill() {
        condition.lock()
        while !stopped {
            // Items of kinds no longer kept go first (discarded outside the lock).
            let dropped = ready.filter { policy.target(for: $0.key) == 0 }.values.flatMap { $0 }
            for key in ready.keys where policy.target(for: key) == 0 { ready[key] = nil }
            guard dropped.isEmpty else {
                condition.unlock()
                for item in dropped { discard(item) }
                condition.lock()
                continue
            }
            guard !paused, let key = policy.nextKey(ready: ready.mapValues(\.count)) else {
                condition.wait()
                continue
            }
            condition.unlock()
            let made = make(key)
            condition.lock()
            guard let made else {
                paused = true
                continue
            }
            if stopped {
                condition.unlock()
                discard(made)
                condition.lock()
            } else {
                ready[key, default: []].append(made)
            }
        }
        condition.unlock()
    }
}

/// One kind, a fixed number ready.
struct FixedPreparedPolicy: PreparedPoolPolicy {
    let target: Int
    mutating func asked(for key: Int) {}
    func target(for key: Int) -> Int { key == 0 ? target : 0 }
    func nextKey(ready: [Int: Int]) -> Int? { ready[0, default: 0] < target ? 0 : nil }
}
