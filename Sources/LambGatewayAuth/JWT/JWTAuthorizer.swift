import Foundation
import JWTKit
import LambGateway

/// An HTTP API JWT authorizer, following "Control access to HTTP APIs with JWT authorizers": the token (optionally
/// after `Bearer `) must name a key of the issuer's key set in its `kid`, be signed by it (jwt-kit verifies; RSA,
/// ECDSA and EdDSA keys are accepted where API Gateway takes only RSA), and carry `iss` equal to the issuer, an
/// `aud` (or, only when `aud` is absent, `client_id`) among the audiences, an `exp` after now, and no `nbf` or
/// `iat` after now. A route that requires scopes needs one of them in `scope` / `scp`.
///
/// Never throws: a bad token is 401 with the reason in `www-authenticate`, missing scopes 403.
public struct JWTAuthorizer: Sendable {
    public var config: JWTAuthorizerConfig
    public var keys: JWKSSource

    public init(config: JWTAuthorizerConfig, keys: JWKSSource) {
        self.config = config
        self.keys = keys
    }

    /// Decides about `input` at `now`; `requiredScopes` are the route's `AuthorizationScopes`.
    public func authorize(_ input: AuthorizationRequest, requiredScopes: [String] = [], now: Date) async
        -> AuthorizerDecision
    {
        guard let value = config.identitySource.value(in: input) else { return .deny(.unauthorized) }
        let token = Self.removingBearer(value)
        switch await verify(token, now: now) {
        case .failure(let refusal):
            return .deny(refusal)
        case .success(let claims):
            let scopes = claims.scopes
            if !requiredScopes.isEmpty, Set(scopes ?? []).isDisjoint(with: requiredScopes) {
                return .deny(.insufficientScope(required: requiredScopes))
            }
            return .allow(.jwt(claims: claims.stringified, scopes: scopes))
        }
    }

    private func verify(_ token: String, now: Date) async -> Result<JWTClaims, AuthorizerRefusal> {
        func invalid(_ description: String) -> Result<JWTClaims, AuthorizerRefusal> {
            .failure(.invalidToken(description: description))
        }
        let loaded: JWKSSource.Keys
        do {
            loaded = try await keys.keys()
        } catch {
            return invalid("signing keys for the issuer could not be loaded: \(error.reason)")
        }
        let bytes = Array(token.utf8)
        guard let header = try? DefaultJWTParser().parse(bytes, as: SignatureOnly.self).header else {
            return invalid("the token is not a valid JWT")
        }
        // jwt-kit falls back to its default key for an unknown kid; API Gateway requires the kid to name a key.
        guard let kid = header.kid, loaded.keyIds.contains(kid) else {
            return invalid("the token's kid does not match a key of the issuer")
        }
        do {
            _ = try await loaded.collection.verify(bytes, as: SignatureOnly.self)
        } catch {
            return invalid("the token's signature is invalid")
        }
        guard let claims = JWTClaims(token: token) else { return invalid("the token's claims are not a JSON object") }
        guard case .string(let issuer)? = claims["iss"], issuer == config.issuer else {
            return invalid("the token does not have a valid issuer")
        }
        if !config.audiences.isEmpty {
            let presented: [String]
            if let audiences = claims.audiences {
                presented = audiences
            } else if case .string(let clientId)? = claims["client_id"] {
                presented = [clientId]
            } else {
                presented = []
            }
            guard presented.contains(where: config.audiences.contains) else {
                return invalid("the token does not have a valid audience")
            }
        }
        let seconds = now.timeIntervalSince1970
        guard let expires = claims.seconds("exp") else { return invalid("the token has no expiry") }
        guard seconds < expires else { return invalid("the token has expired") }
        if let notBefore = claims.seconds("nbf"), seconds < notBefore { return invalid("the token is not valid yet") }
        if let issuedAt = claims.seconds("iat"), seconds < issuedAt {
            return invalid("the token was issued in the future")
        }
        return .success(claims)
    }

    /// API Gateway accepts the token alone or after `Bearer ` (any case).
    static func removingBearer(_ value: String) -> String {
        let trimmed = value.trimmingWhitespace
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " else { return trimmed }
        return trimmed.dropFirst(7).trimmingWhitespace
    }
}

/// A payload type that asks jwt-kit for the signature check only: the claims are read and checked by
/// ``JWTAuthorizer`` against the caller's clock, in API Gateway's order.
struct SignatureOnly: JWTPayload {
    init() {}
    init(from decoder: any Decoder) throws {
        // Still demand a JSON object, as a JWT's claims set must be.
        _ = try decoder.container(keyedBy: AnyKey.self)
    }
    func encode(to encoder: any Encoder) throws {}
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
