import Foundation

/// What one invocation was, for the history, metrics and cost: how its environment started, how long it took, what
/// it used and how it ended. Built by the engine when an invocation ends (or is refused), off the response's way.
public struct InvocationRecord: Sendable, Equatable, Codable {
    /// How the invocation got its environment.
    public enum StartKind: String, Sendable, Codable, CaseIterable {
        /// A new environment was initialised for it (on demand).
        case cold
        /// An idle on-demand environment was reused.
        case warm
        /// A SnapStart snapshot was restored for it.
        case restore
        /// A provisioned-concurrency environment served it.
        case provisioned
        /// No environment: the invocation was refused (throttled).
        case none
    }

    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case success
        /// The function failed (an error it raised, a crash, an init failure).
        case error
        case timeout
        /// Refused for lack of concurrency: the function never ran.
        case throttled
    }

    /// Position in the history (ascending, assigned when stored); 0 until then.
    public var id: Int64
    public var requestId: String
    public var function: String
    /// The version that ran (`$LATEST` or a number).
    public var version: String
    /// The ARN as invoked (with the caller's qualifier, when it gave one).
    public var invokedFunctionArn: String
    /// The environment that ran it (`nil` when throttled).
    public var environmentId: String?
    /// `RequestResponse` or `Event`.
    public var invocationType: String
    public var trigger: InvocationTrigger
    public var startKind: StartKind
    public var initDurationMs: Double?
    public var restoreDurationMs: Double?
    public var durationMs: Double
    public var billedDurationMs: Int
    public var memorySizeMB: Int
    public var maxMemoryUsedMB: Int
    /// `x86_64` or `arm64`: what the price depends on.
    public var architecture: String
    public var outcome: Outcome
    /// `ValueError`, `Sandbox.Timedout`, `Runtime.ExitError`, `ReservedFunctionConcurrentInvocationLimitExceeded`...
    public var errorType: String?
    public var payloadBytes: Int
    public var resultBytes: Int
    public var startedAt: Date
    /// The `X-Amzn-Trace-Id` the invocation ran with (`Root=1-…;Parent=…;Sampled=…`).
    public var traceId: String

    public init(
        id: Int64 = 0, requestId: String, function: String, version: String, invokedFunctionArn: String,
        environmentId: String?, invocationType: String, trigger: InvocationTrigger, startKind: StartKind,
        initDurationMs: Double? = nil, restoreDurationMs: Double? = nil, durationMs: Double, billedDurationMs: Int,
        memorySizeMB: Int, maxMemoryUsedMB: Int, architecture: String, outcome: Outcome, errorType: String? = nil,
        payloadBytes: Int, resultBytes: Int, startedAt: Date, traceId: String = ""
    ) {
        self.id = id
        self.requestId = requestId
        self.function = function
        self.version = version
        self.invokedFunctionArn = invokedFunctionArn
        self.environmentId = environmentId
        self.invocationType = invocationType
        self.trigger = trigger
        self.startKind = startKind
        self.initDurationMs = initDurationMs
        self.restoreDurationMs = restoreDurationMs
        self.durationMs = durationMs
        self.billedDurationMs = billedDurationMs
        self.memorySizeMB = memorySizeMB
        self.maxMemoryUsedMB = maxMemoryUsedMB
        self.architecture = architecture
        self.outcome = outcome
        self.errorType = errorType
        self.payloadBytes = payloadBytes
        self.resultBytes = resultBytes
        self.startedAt = startedAt
        self.traceId = traceId
    }
}

extension InvocationRecord {
    /// The alias the caller invoked, if it named one (`arn:…:function:NAME:ALIAS`).
    public var alias: String? {
        let parts = invokedFunctionArn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 8 else { return nil }
        let qualifier = parts[7]
        return qualifier == "$LATEST" || qualifier.allSatisfy(\.isNumber) ? nil : String(qualifier)
    }

    /// GB-seconds billed: billed duration times memory.
    public var gigabyteSeconds: Double { Double(billedDurationMs) / 1000 * Double(memorySizeMB) / 1024 }
}

/// What made an invocation happen.
public enum InvocationTrigger: String, Sendable, Codable, CaseIterable {
    /// `Invoke` (RequestResponse) on the Lambda API.
    case api
    /// A REST or HTTP API route of the gateway.
    case gateway
    /// A function URL.
    case functionURL = "function-url"
    /// An event source mapping's batch.
    case mapping
    /// An authorizer the gateway called.
    case authorizer
    /// The first attempt of an `Event` invocation made through the API.
    case async
    /// The first attempt of a schedule's firing.
    case schedule
    /// The first attempt of an `Event` invocation a destination queued.
    case destination
    /// A retry of an `Event` invocation.
    case asyncRetry = "async-retry"
    /// A run of `lamb tune` at one memory size.
    case tune

    /// Whether the invocation came through the asynchronous queue (`InvocationType=Event`).
    public var isEvent: Bool {
        switch self {
        case .async, .asyncRetry, .schedule, .destination: true
        case .api, .gateway, .functionURL, .mapping, .authorizer, .tune: false
        }
    }
}

extension AsyncEvent.Origin {
    /// The trigger of the event's first attempt (later ones are `async-retry`).
    public var firstAttemptTrigger: InvocationTrigger {
        switch self {
        case .api: .async
        case .schedule: .schedule
        case .destination: .destination
        }
    }
}
