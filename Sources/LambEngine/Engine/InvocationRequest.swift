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
    /// A caller that takes a streamed response as it comes (InvokeWithResponseStream, a `RESPONSE_STREAM` Function
    /// URL) is called with it when the runtime begins to stream; the invocation's ``InvocationResponse`` then comes
    /// when the stream has ended, without the streamed bytes. Without it a streamed response is gathered and
    /// answered whole, within the buffered limit (as Invoke answers on Lambda).
    public var onStream: (@Sendable (StreamedResponse) -> Void)?

    public init(
        requestId: String = Identifiers.requestId(), payload: ByteBuffer, invokedFunctionArn: String,
        clientContext: String? = nil, tenantId: String? = nil, traceId: String = Identifiers.traceHeader(),
        wantsLogTail: Bool = false, trigger: InvocationTrigger = .api,
        onStream: (@Sendable (StreamedResponse) -> Void)? = nil
    ) {
        self.requestId = requestId
        self.payload = payload
        self.invokedFunctionArn = invokedFunctionArn
        self.clientContext = clientContext
        self.tenantId = tenantId
        self.traceId = traceId
        self.wantsLogTail = wantsLogTail
        self.trigger = trigger
        self.onStream = onStream
    }

    /// `RequestResponse`, or `Event` for the async queue's attempts.
    var invocationType: String { trigger.isEvent ? "Event" : "RequestResponse" }
}

/// A response the function streams, as its caller receives it.
public struct StreamedResponse: Sendable {
    /// The `Content-Type` the runtime gave its stream (`application/octet-stream` when it gave none).
    public var contentType: String
    /// The pieces as they arrive; it finishes when the stream ends, whichever way (the invocation's
    /// ``InvocationResponse`` says which).
    public var chunks: AsyncStream<ByteBuffer>
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
    /// The response was streamed to ``InvocationRequest/onStream`` (then `payload` holds only an error, if any).
    public var streamed = false
}
