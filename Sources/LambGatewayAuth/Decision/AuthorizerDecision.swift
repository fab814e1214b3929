/// What an authorizer decided about one request: let it through, with what reaches the function's
/// `requestContext.authorizer`, or refuse it (``AuthorizerRefusal/response(kind:requestId:)`` gives API Gateway's
/// answer).
public enum AuthorizerDecision: Sendable, Equatable {
    case allow(AuthorizerGrant)
    case deny(AuthorizerRefusal)

    /// The grant, when allowed.
    public var grant: AuthorizerGrant? {
        if case .allow(let grant) = self { return grant }
        return nil
    }

    /// The refusal, when denied.
    public var refusal: AuthorizerRefusal? {
        if case .deny(let refusal) = self { return refusal }
        return nil
    }
}
