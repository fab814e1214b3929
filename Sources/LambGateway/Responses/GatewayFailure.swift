/// Everything that makes the gateway answer for itself instead of with the function's response.
public enum GatewayFailure: Sendable, Equatable, CaseIterable {
    /// No route has the request's path.
    case noRoute
    /// A route has the path but not the method.
    case methodNotRouted
    /// The function returned an error (`X-Amz-Function-Error`), crashed, or ran out of time itself.
    case functionError
    /// The function's result is not a response of the route's payload format.
    case malformedResult
    /// Lambda refused the invocation: throttled (429), or any other refusal of the Invoke call.
    case invocationRejected
    /// The integration timeout passed (29 s REST, 30 s HTTP API) before the function answered.
    case integrationTimeout
    /// The request is larger than the API accepts (10 MB), or than an invocation may carry (6 MB, function URLs).
    case requestTooLarge
    /// The request line and headers are larger than the front door accepts (10 KB).
    case headersTooLarge
    /// A Lambda or JWT authorizer found no identity, or said `Unauthorized`.
    case unauthorized
    /// An authorizer denied the request.
    case forbidden
    /// The request's host or path names no function URL.
    case unknownFunctionURL
}
