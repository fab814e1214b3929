import Foundation

/// One asynchronous event as `GET /_lamb/v1/events` and `lamb events` show it.
public struct AsyncEventSummary: Codable, Sendable, Equatable {
    public var requestId: String
    public var function: String
    public var qualifier: String
    /// `queued` (waiting for its first attempt, or for concurrency), `in-flight`, `retrying` (waiting for a retry
    /// after a function error) or `failed`.
    public var state: String
    /// Attempts that reached the function.
    public var attempts: Int
    /// When the event was accepted (ISO 8601).
    public var enqueuedAt: String
    public var ageSeconds: Double
    /// When the event is next tried (ISO 8601); absent while in flight and once failed.
    public var nextAttemptAt: String?
    public var nextAttemptInSeconds: Double?
    /// The last error: an error type, or a throttle.
    public var lastError: String?
    /// Why a failed event was given up on: `RetriesExhausted`, `EventAgeExceeded`, `FunctionNotFound`.
    public var failureReason: String?

    public init(_ stored: AsyncEvent, entry: AsyncEventSchedule.Entry?, now: Date) {
        // The schedule knows better than the store about events it holds: in flight, or backing off a throttle.
        let event = entry?.event ?? stored
        requestId = event.requestId
        function = event.function
        qualifier = event.qualifier
        attempts = event.attempts
        enqueuedAt = LambdaTimestamp.iso8601(event.enqueuedAt)
        ageSeconds = max(0, now.timeIntervalSince(event.enqueuedAt))
        lastError = event.lastError
        failureReason = event.failureReason
        if entry?.inFlight == true {
            state = "in-flight"
        } else {
            state = event.state == .retrying ? "retrying" : event.state.rawValue
        }
        if state == "queued" || state == "retrying" {
            let due = entry?.due ?? event.nextAttemptAt
            nextAttemptAt = LambdaTimestamp.iso8601(due)
            nextAttemptInSeconds = max(0, due.timeIntervalSince(now))
        }
    }
}
