import LambGateway

/// What an authorizer that allowed a request hands to the function: the Lambda authorizer's `principalId` and
/// `context`, or the JWT's claims and scopes.
public enum AuthorizerGrant: Sendable, Equatable {
    /// `context` is an object as the authorizer returned it (values kept as JSON; REST answers had non-scalar
    /// values refused already). `principalId` is nil for simple responses.
    case lambda(principalId: String?, context: GatewayJSON, integrationLatencyMilliseconds: Int)
    /// `claims` is an object of strings (API Gateway stringifies every claim); `scopes` nil when the token has none.
    case jwt(claims: GatewayJSON, scopes: [String]?)

    /// `requestContext.authorizer` of the function's event, placed as API Gateway places it:
    /// - REST (payload 1.0): the context flat, every value a string, plus `principalId` and `integrationLatency`.
    /// - HTTP API, payload 2.0: `{"lambda": context}` (values as returned) or `{"jwt": {"claims", "scopes"}}`.
    /// - HTTP API, payload 1.0: the context flat plus `principalId` and `integrationLatency` (Lambda), or
    ///   `{"claims", "scopes"}` (JWT).
    public func eventValue(apiKind: GatewayAPIKind, payloadFormat: PayloadFormatVersion) -> GatewayJSON {
        switch self {
        case .lambda(let principalId, let context, let latency):
            if apiKind != .rest && payloadFormat == .v2 { return .object([("lambda", context)]) }
            var members: [(String, GatewayJSON)] = []
            if case .object(let entries) = context {
                members = entries.map { ($0.0, apiKind == .rest ? .string(Self.stringify($0.1)) : $0.1) }
            }
            members.removeAll { $0.0 == "principalId" || $0.0 == "integrationLatency" }
            members.append(("principalId", .string(orNull: principalId)))
            members.append(("integrationLatency", .int(latency)))
            return .object(members)
        case .jwt(let claims, let scopes):
            let scopesJSON: GatewayJSON = scopes.map { .array($0.map(GatewayJSON.string)) } ?? .null
            let inner: GatewayJSON = .object([("claims", claims), ("scopes", scopesJSON)])
            return payloadFormat == .v2 ? .object([("jwt", inner)]) : inner
        }
    }

    /// A context value as API Gateway stringifies it: text as is, numbers as written, booleans `true`/`false`.
    static func stringify(_ value: GatewayJSON) -> String {
        switch value {
        case .string(let text): text
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null: ""
        case .array, .object: value.serialized
        }
    }
}
