import LambGateway

/// A Lambda authorizer's answer, as "Output from an API Gateway Lambda authorizer" and, for HTTP APIs, "Lambda
/// authorizer response format" describe it. `usageIdentifierKey` is read past (Lamb has no usage plans).
public enum AuthorizerResponse: Sendable, Equatable {
    /// `principalId`, `policyDocument` and the optional `context` object.
    case policy(principalId: String, policy: PolicyDocument, context: GatewayJSON)
    /// HTTP API with `EnableSimpleResponses`: `isAuthorized` and the optional `context` object.
    case simple(isAuthorized: Bool, context: GatewayJSON)

    /// Parses a function's result; nil when API Gateway would find it invalid (and answer 500): not JSON, not an
    /// object, a missing `principalId` / `policyDocument` (or `isAuthorized` when simple responses are on), a
    /// `context` that is not an object, or — for REST, whose context values must be scalars — a context value that
    /// is an object or a list.
    public static func parse(_ bytes: [UInt8], simpleResponses: Bool, scalarContextOnly: Bool) -> AuthorizerResponse? {
        guard let json = GatewayJSON.parse(bytes), case .object = json else { return nil }
        let context: GatewayJSON
        switch json["context"] {
        case nil, .null?: context = .object([])
        case .object(let members)?:
            if scalarContextOnly {
                for (_, value) in members {
                    switch value {
                    case .array, .object: return nil
                    default: continue
                    }
                }
            }
            context = .object(members.filter { $0.1 != .null })
        default: return nil
        }
        if simpleResponses {
            guard case .bool(let authorized)? = json["isAuthorized"] else { return nil }
            return .simple(isAuthorized: authorized, context: context)
        }
        guard case .string(let principalId)? = json["principalId"], let document = json["policyDocument"],
            let policy = PolicyDocument(json: document)
        else { return nil }
        return .policy(principalId: principalId, policy: policy, context: context)
    }

    var context: GatewayJSON {
        switch self {
        case .policy(_, _, let context), .simple(_, let context): context
        }
    }

    var principalId: String? {
        if case .policy(let principalId, _, _) = self { return principalId }
        return nil
    }

    /// Evaluated for one ARN: a cached answer is evaluated again for every request it serves, so a policy written
    /// for one method refuses another (API Gateway's well-known caching surprise).
    func evaluate(arn: String) -> PolicyDocument.Evaluation {
        switch self {
        case .policy(_, let policy, _): policy.evaluate(arn: arn)
        case .simple(let authorized, _): authorized ? .allowed : .notAllowed
        }
    }
}
