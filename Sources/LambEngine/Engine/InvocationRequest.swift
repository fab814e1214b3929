import LambCore
import NIOCore

/// A synchronous invocation as the API hands it to the engine.
public struct InvocationRequest: Sendable {
    public var requestId: String
    public var payload: ByteBuffer
    /// The ARN as invoked (with the qualifier the caller used).
    public var invokedFunctionArn: String
    /// Decoded JSON of `X-Amz-Client-Context`.
    public var clientContext: String?
    public var tenantId: String?
    public var traceId: String
    /// Whether the caller asked for the log tail (`X-Amz-Log-Type: Tail`).
    public var wantsLogTail: Bool
    /// What made the invocation happen, for the history.
    public var trigger: InvocationTrigger

    public init(
        requestId: String = Identifiers.requestId(), payload: ByteBuffer, invokedFunctionArn: String,
        clientContext: String? = nil, tenantId: String? = nil, traceId: String = Identifiers.traceHeader(),
        wantsLogTail: Bool = false, trigger: InvocationTrigger = .api
    ) {
        self.requestId = requestId
        self.payload = payload
        self.invokedFunctionArn = invokedFunctionArn
        self.clientContext = clientContext
        self.tenantId = tenantId
        self.traceId = traceId
        self.wantsLogTail = wantsLogTail
        self.trigger = trigger
    }

    /// `RequestResponse`, or `Event` for the async queue's attempts.
    var invocationType: String { trigger == .async || trigger == .asyncRetry ? "Event" : "RequestResponse" }
}

/// The outcome of an invocation, as the Invoke API answers it (always 200 for a function's own failure).
public struct InvocationResponse: Sendable {
    public var requestId: String
    public var executedVersion: String
    public var payload: ByteBuffer
    public var contentType: String
    /// `Unhandled` when the function failed (the payload is then the error JSON).
    public var functionError: String?
    /// The error type for REPORT and tools (`Sandbox.Timedout`, `ValueError`, ...).
    public var errorType: String?
    /// The invocation's log (last 4 KB), when asked for.
    public var logTail: String?
    public var report: InvocationReport
    /// Whether this invocation started a new environment.
    public var coldStart: Bool
}
