import LambCore
import NIOCore

/// One event as the runtime receives it from `GET /runtime/invocation/next`.
public struct InvocationEvent: Sendable {
    public var requestId: String
    /// A fresh id per attempt (async retries reuse the request id, never this).
    public var invocationId: String
    /// Unix epoch milliseconds.
    public var deadlineMs: Int64
    public var invokedFunctionArn: String
    public var traceId: String
    /// Decoded JSON of the caller's `X-Amz-Client-Context`, if any.
    public var clientContext: String?
    public var cognitoIdentity: String?
    public var tenantId: String?
    public var payload: ByteBuffer

    public init(
        requestId: String, invocationId: String, deadlineMs: Int64, invokedFunctionArn: String, traceId: String,
        clientContext: String? = nil, cognitoIdentity: String? = nil, tenantId: String? = nil, payload: ByteBuffer
    ) {
        self.requestId = requestId
        self.invocationId = invocationId
        self.deadlineMs = deadlineMs
        self.invokedFunctionArn = invokedFunctionArn
        self.traceId = traceId
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.tenantId = tenantId
        self.payload = payload
    }
}

/// How the runtime finished an invocation, as seen from the Runtime API.
public enum RuntimeOutcome: Sendable {
    /// `/response`: the body goes to the caller verbatim, with its content type.
    case response(body: ByteBuffer, contentType: String?)
    /// `/error`: the body is the error JSON; the header is `Lambda-Runtime-Function-Error-Type`, if sent.
    case error(body: ByteBuffer, errorTypeHeader: String?)
    /// `/response` with a body over the limit (the runtime got 413).
    case responseTooLarge
    /// `/response` in streaming mode: the body arrives in the stream, which says how it ended. The invocation goes
    /// on until then (its deadline too).
    case streaming(ResponseStream)
    /// The environment stopped before the runtime answered.
    case failed(RuntimeFailure)
}

/// How the init phase ended.
public enum InitOutcome: Sendable {
    /// The runtime called `/next`: init is done.
    case ready
    /// The runtime posted `/init/error`.
    case initError(body: ByteBuffer, errorTypeHeader: String?)
    case failed(RuntimeFailure)
}

/// Why an environment stopped serving, from outside the runtime.
public enum RuntimeFailure: Sendable, Equatable {
    /// The runtime process ended.
    case exited(ProcessExit)
    /// The deadline passed (the engine kills the environment).
    case timedOut
    case shutDown
}
