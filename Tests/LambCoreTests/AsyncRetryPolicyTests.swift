import Foundation
import LambCore
import Testing

@Suite("Async retry policy")
struct AsyncRetryPolicyTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    func event(enqueuedAt: Date, attempts: Int = 0) -> AsyncEvent {
        var e = AsyncEvent(requestId: "r", function: "f", invokedFunctionArn: "arn", enqueuedAt: enqueuedAt)
        e.attempts = attempts
        return e
    }

    @Test(
        "function errors are retried about 1 minute, then 2 minutes later, scaled",
        arguments: [(1.0, [60.0, 120.0]), (0.01, [0.6, 1.2]), (2.0, [120.0, 240.0])])
    func functionErrorDelays(scale: Double, delays: [Double]) {
        let p = AsyncRetryPolicy(scale: scale)
        #expect(abs(p.delayAfterFunctionError(attempts: 1) - delays[0]) < 1e-9)
        #expect(abs(p.delayAfterFunctionError(attempts: 2) - delays[1]) < 1e-9)
    }

    @Test("throttle backoff doubles from 1 s and stops at 5 minutes; the scale applies, with a floor")
    func throttleBackoff() {
        let p = AsyncRetryPolicy()
        #expect((1...10).map { p.backoff(consecutive: $0) } == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300])
        #expect(p.backoff(consecutive: 1000) == 300)
        #expect(AsyncRetryPolicy(scale: 0.01).backoff(consecutive: 20) == 3)
        #expect(AsyncRetryPolicy(scale: 1e-9).backoff(consecutive: 1) == AsyncRetryPolicy.minimumDelay)
    }

    @Test("with the default 2 retries, attempts 1 and 2 are retried and attempt 3 exhausts them")
    func defaultRetries() {
        let p = AsyncRetryPolicy()
        let config = EventInvokeConfig.defaults
        #expect(p.afterFunctionError(event(enqueuedAt: t0, attempts: 1), config, now: t0) == .retry(at: t0 + 60))
        #expect(
            p.afterFunctionError(event(enqueuedAt: t0, attempts: 2), config, now: t0 + 61) == .retry(at: t0 + 181))
        #expect(
            p.afterFunctionError(event(enqueuedAt: t0, attempts: 3), config, now: t0 + 190) == .fail(.retriesExhausted))
    }

    @Test("MaximumRetryAttempts 0 gives up after the first failure; 1 after the second")
    func fewerRetries() {
        let p = AsyncRetryPolicy()
        let none = EventInvokeConfig(maximumRetryAttempts: 0)
        #expect(p.afterFunctionError(event(enqueuedAt: t0, attempts: 1), none, now: t0) == .fail(.retriesExhausted))
        let one = EventInvokeConfig(maximumRetryAttempts: 1)
        #expect(p.afterFunctionError(event(enqueuedAt: t0, attempts: 1), one, now: t0) == .retry(at: t0 + 60))
        #expect(p.afterFunctionError(event(enqueuedAt: t0, attempts: 2), one, now: t0) == .fail(.retriesExhausted))
    }

    @Test("a retry due after the event's maximum age happens at its expiry, where the event is too old to run")
    func retryCappedAtExpiry() {
        let p = AsyncRetryPolicy()
        let config = EventInvokeConfig(maximumEventAgeInSeconds: 90)
        let e = event(enqueuedAt: t0, attempts: 1)
        #expect(p.afterFunctionError(e, config, now: t0 + 50) == .retry(at: t0 + 90))
        #expect(!p.isExpired(e, config, now: t0 + 89.9))
        #expect(p.isExpired(e, config, now: t0 + 90))
        #expect(p.afterFunctionError(e, config, now: t0 + 95) == .fail(.eventAgeExceeded))
    }

    @Test("the default maximum age is 6 hours")
    func defaultAge() {
        let p = AsyncRetryPolicy()
        let e = event(enqueuedAt: t0)
        #expect(p.expiry(of: e, .defaults) == t0 + 21600)
    }

    @Test("an event throttled without end (age 60 s) is retried with backoff and discarded at 60 s, never having run")
    func throttledUntilTooOld() {
        // The injected clock: each retry happens exactly when it is due, as the queue would run it.
        let p = AsyncRetryPolicy()
        let config = EventInvokeConfig(maximumEventAgeInSeconds: 60)
        let e = event(enqueuedAt: t0)
        var now = t0
        var retries: [Double] = []
        var outcome: AsyncRetryPolicy.Decision?
        for consecutive in 1...100 {
            if p.isExpired(e, config, now: now) {
                outcome = .fail(.eventAgeExceeded)
                break
            }
            switch p.afterThrottle(e, consecutive: consecutive, config, now: now) {
            case .retry(let at):
                retries.append(at.timeIntervalSince(t0))
                now = at
            case .fail(let condition):
                outcome = .fail(condition)
            }
            if outcome != nil { break }
        }
        #expect(retries == [1, 3, 7, 15, 31, 60])
        #expect(outcome == .fail(.eventAgeExceeded))
        #expect(now == t0 + 60)
        #expect(e.attempts == 0)
    }

    @Test("with a small scale the same event still lives its full maximum age: the scale never shortens it")
    func scaleDoesNotShortenAge() {
        let p = AsyncRetryPolicy(scale: 0.01)
        let config = EventInvokeConfig(maximumEventAgeInSeconds: 60)
        let e = event(enqueuedAt: t0)
        #expect(p.afterThrottle(e, consecutive: 100, config, now: t0 + 59) == .retry(at: t0 + 60))
        #expect(p.afterThrottle(e, consecutive: 100, config, now: t0 + 60) == .fail(.eventAgeExceeded))
    }
}
