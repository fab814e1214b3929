import Foundation

/// One `Event` invocation in Lamb's durable queue: everything about it but its payload, which is stored beside it
/// and read only when the event is dispatched.
public struct AsyncEvent: Codable, Sendable, Equatable {
    /// Where an event is. "In flight" is not stored: after a crash an in-flight event is simply queued again.
    public enum State: String, Codable, Sendable {
        /// Waiting for its first attempt (or for concurrency, when throttled).
        case queued
        /// Failed at least once with a function error and waiting for its next attempt.
        case retrying
        /// Discarded: retries exhausted, too old, or its function is gone. Kept for `lamb events`.
        case failed
    }

    /// The invocation's request id: the `x-amzn-RequestId` of the 202, and the same on every attempt.
    public var requestId: String
    public var function: String
    /// `$LATEST`, a version or an alias.
    public var qualifier: String
    /// The ARN as the caller invoked it.
    public var invokedFunctionArn: String
    public var traceId: String
    public var enqueuedAt: Date
    /// Attempts that reached the function (Lambda's `approximateInvokeCount` so far); throttles do not count.
    public var attempts: Int
    /// When the event may next be dispatched.
    public var nextAttemptAt: Date
    public var state: State
    /// What went wrong last: an error type (`ValueError`, `Sandbox.Timedout`) or a throttle.
    public var lastError: String?
    /// For a failed event: `RetriesExhausted`, `EventAgeExceeded`, or why it could not run at all.
    public var failureReason: String?
    public var finishedAt: Date?
    /// Who queued it: the invocation history's trigger for its first attempt.
    public var origin: Origin

    /// Who queues `Event` invocations.
    public enum Origin: String, Codable, Sendable {
        /// `Invoke` with `InvocationType=Event`.
        case api
        /// A schedule's firing (EventBridge's rule or Scheduler invoking the function).
        case schedule
        /// Another function's destination naming this one.
        case destination
    }

    public init(
        requestId: String, function: String, qualifier: String = FunctionDefinition.latest,
        invokedFunctionArn: String, traceId: String = Identifiers.traceHeader(), enqueuedAt: Date,
        origin: Origin = .api
    ) {
        self.origin = origin
        self.requestId = requestId
        self.function = function
        self.qualifier = qualifier
        self.invokedFunctionArn = invokedFunctionArn
        self.traceId = traceId
        self.enqueuedAt = enqueuedAt
        self.attempts = 0
        self.nextAttemptAt = enqueuedAt
        self.state = .queued
    }
}

/// An event with its payload, as it is enqueued.
public struct AsyncEventSubmission: Sendable, Equatable {
    public var event: AsyncEvent
    /// The event's JSON.
    public var payload: Data

    public init(event: AsyncEvent, payload: Data) {
        self.event = event
        self.payload = payload
    }
}

/// The `condition` of Lambda's invocation record.
public enum AsyncCondition: String, Codable, Sendable {
    case success = "Success"
    case retriesExhausted = "RetriesExhausted"
    case eventAgeExceeded = "EventAgeExceeded"
    /// Stopped by recursive loop detection before it ran (Lamb's name for it; Lambda documents no value).
    case recursiveInvocation = "RecursiveInvocationException"
}

/// What an attempt returned, as far as destination records and dead letters need it.
public struct AsyncAttemptResult: Sendable, Equatable {
    /// The Invoke status the attempt would have had (200 for any run of the function, 429 throttled, 500 Lamb).
    public var statusCode: Int
    public var executedVersion: String
    /// `Unhandled` when the function failed.
    public var functionError: String?
    /// The function's response, or its error JSON.
    public var payload: Data

    public init(statusCode: Int, executedVersion: String, functionError: String?, payload: Data) {
        self.statusCode = statusCode
        self.executedVersion = executedVersion
        self.functionError = functionError
        self.payload = payload
    }
}
