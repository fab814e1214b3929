/// What an authorizer decided about one request: let it through (with the context that reaches the function's
/// `requestContext.authorizer`), or refuse it with API Gateway's status and body.
public enum AuthorizerDecision: Sendable, Equatable {
    case allow(context: [String: String])
    case deny(status: Int, body: String)
}
