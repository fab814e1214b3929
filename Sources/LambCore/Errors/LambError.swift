/// The one error type Lamb's libraries throw for a user's mistake or a refused request.
///
/// A `Code` names the AWS error the HTTP edge will produce (type, status, message key); the message is what the
/// user reads. A function's own failure is never a `LambError`: it is data in an ``InvocationResult``.
public struct LambError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        case resourceNotFound
        case resourceConflict
        case invalidParameterValue
        case invalidRequestContent
        case requestTooLarge
        case unsupportedMediaType
        case preconditionFailed
        case tooManyRequests(reason: ThrottleReason, retryAfterSeconds: Int)
        case invalidRuntime
        case codeStorageExceeded
        case serviceException
        case notImplemented
        case provisionedConcurrencyConfigNotFound
        /// A function operation named a code signing configuration that does not exist.
        case codeSigningConfigNotFound
        case snapStartNotReady
        case snapStartException
        case snapStartTimeout
        /// A method and path that name no operation of the API.
        case unknownOperation
        /// Another account's caller that no resource policy statement allows.
        case accessDenied
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// A refusal for lack of concurrency (nothing was taken, so nothing needs giving back).
    public var isThrottle: Bool {
        if case .tooManyRequests = code { return true }
        return false
    }

    public static func notFound(_ message: String) -> LambError { LambError(.resourceNotFound, message) }
    public static func invalidParameter(_ message: String) -> LambError { LambError(.invalidParameterValue, message) }
    public static func conflict(_ message: String) -> LambError { LambError(.resourceConflict, message) }
    public static func service(_ message: String) -> LambError { LambError(.serviceException, message) }

    /// Lambda's wording for an unknown function, which SDK users match on.
    public static func functionNotFound(arn: String) -> LambError {
        .notFound("Function not found: \(arn)")
    }
}

/// Why an invocation was throttled, as Lambda reports it in the `Reason` member of `TooManyRequestsException`.
public enum ThrottleReason: String, Sendable, Equatable {
    case concurrentInvocationLimitExceeded = "ConcurrentInvocationLimitExceeded"
    case functionInvocationRateLimitExceeded = "FunctionInvocationRateLimitExceeded"
    case reservedFunctionConcurrentInvocationLimitExceeded = "ReservedFunctionConcurrentInvocationLimitExceeded"
    case reservedFunctionInvocationRateLimitExceeded = "ReservedFunctionInvocationRateLimitExceeded"
}
