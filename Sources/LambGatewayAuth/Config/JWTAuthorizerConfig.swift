/// An HTTP API JWT authorizer (`JwtConfiguration`): tokens from `identitySource` are checked against the issuer's
/// keys (a JWKS the user points Lamb at with `--jwks issuer=FILE|URL`), its issuer and audiences.
///
/// The scopes a route requires (`AuthorizationScopes`) belong to the route, so they are given per request.
public struct JWTAuthorizerConfig: Sendable, Equatable {
    public static let defaultIdentitySource = IdentitySource.header("Authorization")

    public var name: String
    /// Compared exactly with the token's `iss`.
    public var issuer: String
    /// The token's `aud` (or, when it has none, `client_id`) must be one of these. Empty: not checked (API Gateway
    /// requires at least one; Lamb is lenient so a half-written template still runs).
    public var audiences: [String]
    /// Where the token is; a value may carry a `Bearer ` prefix.
    public var identitySource: IdentitySource

    public init(
        name: String, issuer: String, audiences: [String], identitySource: IdentitySource = defaultIdentitySource
    ) {
        self.name = name
        self.issuer = issuer
        self.audiences = audiences
        self.identitySource = identitySource
    }
}
