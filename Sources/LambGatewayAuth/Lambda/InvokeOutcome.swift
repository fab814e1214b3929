/// What invoking an authorizer function gave: its result bytes, and whether the function failed (then the bytes are
/// Lambda's error document, `{"errorMessage": ..., "errorType": ...}`). A refused invocation (throttle, unknown
/// function) is a thrown error of the invoke closure instead.
public struct InvokeOutcome: Sendable, Equatable {
    public var payload: [UInt8]
    /// `X-Amz-Function-Error` (`Unhandled`, `Handled`), nil when the function succeeded.
    public var functionError: String?

    public init(payload: [UInt8], functionError: String? = nil) {
        self.payload = payload
        self.functionError = functionError
    }
}

/// Invokes a function synchronously, as the gateway's engine does (`RequestResponse`).
public typealias AuthorizerInvoke = @Sendable (_ functionName: String, _ payload: [UInt8]) async throws -> InvokeOutcome
