import LambCore
import Testing

@Suite("Concurrency accounting")
struct ConcurrencyLimiterTests {
    @Test("reserved concurrency caps its function and is taken out of the unreserved pool")
    func reserved() throws {
        var l = ConcurrencyLimiter(accountLimit: 1000)
        try l.setReserved("f", 5)
        #expect(l.unreservedLimit == 995)
        for _ in 0..<5 { #expect(l.acquire("f") == nil) }
        #expect(l.acquire("f") == .reservedFunctionConcurrentInvocationLimitExceeded)
        l.release("f")
        #expect(l.acquire("f") == nil)
        #expect(l.unreservedInFlight == 0)
    }

    @Test("reserved concurrency 0 throttles every invocation")
    func zero() throws {
        var l = ConcurrencyLimiter()
        try l.setReserved("off", 0)
        #expect(l.acquire("off") == .reservedFunctionConcurrentInvocationLimitExceeded)
    }

    @Test("functions without a reservation share the unreserved pool and are throttled at its limit")
    func unreserved() throws {
        var l = ConcurrencyLimiter(accountLimit: 102)
        try l.setReserved("big", 2)
        for i in 0..<100 { #expect(l.acquire(i % 2 == 0 ? "a" : "b") == nil) }
        #expect(l.acquire("a") == .concurrentInvocationLimitExceeded)
        #expect(l.acquire("big") == nil)
        l.release("b")
        #expect(l.acquire("a") == nil)
    }

    @Test("at least 100 must stay unreserved; a refused reservation changes nothing")
    func minimum() throws {
        var l = ConcurrencyLimiter(accountLimit: 1000)
        try l.setReserved("a", 800)
        #expect(throws: LambError.self) { try l.setReserved("b", 101) }
        #expect(l.reserved["b"] == nil)
        try l.setReserved("b", 100)
        #expect(l.unreservedLimit == 100)
        try l.setReserved("a", 900 - 100)  // replacing a reservation counts the new value only
        #expect(throws: LambError.self) { try l.setReserved("a", -1) }
    }

    @Test("removing a reservation moves in-flight invocations back to the unreserved pool")
    func removal() throws {
        var l = ConcurrencyLimiter()
        try l.setReserved("f", 3)
        _ = l.acquire("f")
        _ = l.acquire("f")
        try l.setReserved("f", nil)
        #expect(l.unreservedInFlight == 2)
        l.release("f")
        l.release("f")
        #expect(l.unreservedInFlight == 0)
        #expect(l.inFlight["f"] == nil)
    }

    @Test("the scale-out bucket allows a burst of its capacity, then refills linearly")
    func bucket() {
        var b = TokenBucket(capacity: 3, per: 3, now: 0)
        let burst = (0..<4).map { _ in b.take(now: 0) }
        #expect(burst == [true, true, true, false])
        let later = [b.take(now: 0.5), b.take(now: 1.0), b.take(now: 1.0)]
        #expect(later == [false, true, false])
        let refilled = (0..<4).map { _ in b.take(now: 100) }
        #expect(refilled == [true, true, true, false])
    }
}
