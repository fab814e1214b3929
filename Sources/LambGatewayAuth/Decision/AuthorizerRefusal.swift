import LambGateway

/// Why an authorizer refused a request. ``answer(kind:)`` maps each reason to API Gateway's status and body.
public enum AuthorizerRefusal: Error, Sendable, Equatable {
    /// No identity (a missing or empty identity source, a token failing `ValidationExpression`), or a REST
    /// authorizer that failed with the message `Unauthorized` (API Gateway's documented way to answer 401).
    case unauthorized
    /// The policy denied the method explicitly.
    case explicitDeny
    /// The policy allowed nothing that covers the method (including a cached policy written for another
    /// method), or a simple response said `isAuthorized: false`.
    case notAllowed
    /// The authorizer function failed, could not be invoked, or answered something that is not a valid response.
    case authorizerFailure(reason: String)
    /// JWT: the token is missing, malformed, badly signed, expired, or for another issuer or audience. The
    /// description goes to `www-authenticate`, as API Gateway's does.
    case invalidToken(description: String)
    /// JWT: the token is valid but has none of the scopes the route requires.
    case insufficientScope(required: [String])
}
