import Foundation

/// Lambda's rules for retrying asynchronous invocations (reference §5.7), scaled for local use.
///
/// - A function error (an exception, a timeout, a crash) is retried up to `MaximumRetryAttempts` times: the first
///   retry about a minute after the failure, the next about two minutes after that.
/// - A throttle or a platform error is not the function's fault: the event goes back to the queue with an
///   exponential backoff from 1 s to at most 5 minutes, for as long as the event is younger than its maximum age.
/// - An event older than `MaximumEventAgeInSeconds` is discarded (to the failure destination) when it next comes up.
///
/// `scale` multiplies every delay (`lamb serve --async-retry-scale 0.01` turns a minute into 0.6 s), but never the
/// maximum event age, which is the user's own setting. Pure: the caller passes `now`.
public struct AsyncRetryPolicy: Sendable, Equatable {
    /// Delays before the first and the second retry after a function error, in seconds.
    public static let functionErrorDelays: [Double] = [60, 120]
    public static let firstBackoff = 1.0
    public static let maximumBackoff = 300.0
    /// No delay is shorter than this, whatever the scale: a zero backoff would spin on a throttled function.
    public static let minimumDelay = 0.001

    public var scale: Double

    public init(scale: Double = 1) {
        self.scale = scale
    }

    /// What to do with an event next.
    public enum Decision: Sendable, Equatable {
        /// Try again at this time.
        case retry(at: Date)
        /// Give up, and tell the failure destination why.
        case fail(AsyncCondition)
    }

    /// Seconds before the next attempt after `attempts` attempts that all ended in a function error.
    public func delayAfterFunctionError(attempts: Int) -> Double {
        let index = min(max(attempts, 1), Self.functionErrorDelays.count) - 1
        return max(Self.functionErrorDelays[index] * scale, Self.minimumDelay)
    }

    /// Seconds before the next attempt after `consecutive` throttles (or platform errors) in a row.
    public func backoff(consecutive: Int) -> Double {
        let exponent = Double(min(max(consecutive, 1), 32) - 1)
        return max(min(Self.firstBackoff * pow(2, exponent), Self.maximumBackoff) * scale, Self.minimumDelay)
    }

    /// The moment the event becomes too old to run.
    public func expiry(of event: AsyncEvent, _ config: EventInvokeConfig) -> Date {
        event.enqueuedAt.addingTimeInterval(Double(config.eventAgeSeconds))
    }

    /// Whether the event is too old to be dispatched at `now`.
    public func isExpired(_ event: AsyncEvent, _ config: EventInvokeConfig, now: Date) -> Bool {
        now >= expiry(of: event, config)
    }

    /// After an attempt that ended in a function error; `event.attempts` already counts it.
    public func afterFunctionError(_ event: AsyncEvent, _ config: EventInvokeConfig, now: Date) -> Decision {
        if event.attempts > config.retryAttempts { return .fail(.retriesExhausted) }
        return schedule(
            now.addingTimeInterval(delayAfterFunctionError(attempts: event.attempts)), event, config, now: now)
    }

    /// After the `consecutive`-th throttle (or platform error) in a row.
    public func afterThrottle(_ event: AsyncEvent, consecutive: Int, _ config: EventInvokeConfig, now: Date)
        -> Decision
    {
        schedule(now.addingTimeInterval(backoff(consecutive: consecutive)), event, config, now: now)
    }

    /// A retry due after the event's expiry happens at the expiry instead, where the event is discarded: an event
    /// never waits in the queue longer than its maximum age.
    private func schedule(_ due: Date, _ event: AsyncEvent, _ config: EventInvokeConfig, now: Date) -> Decision {
        let expiry = expiry(of: event, config)
        if now >= expiry { return .fail(.eventAgeExceeded) }
        return .retry(at: min(due, expiry))
    }
}
