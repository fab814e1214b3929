/// Any authorizer the gateway runs in front of a route.
public enum AuthorizerConfig: Sendable, Equatable {
    case lambda(LambdaAuthorizerConfig)
    case jwt(JWTAuthorizerConfig)

    /// The authorizer's name in its API.
    public var name: String {
        switch self {
        case .lambda(let config): config.name
        case .jwt(let config): config.name
        }
    }
}
