import CryptoExtras
import Foundation
import JWTKit
import LambGateway
import LambGatewayAuth

/// Keys made in the test, their public JWKS, and tokens signed with them.
struct JWTFixtures: Sendable {
    static let issuer = "https://issuer.example.com/pool"
    static let audience = "my-app"
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    /// A claims set; nil fields are left out of the token.
    struct Claims: JWTPayload {
        var iss: String? = JWTFixtures.issuer
        var sub: String? = "user-1"
        var aud: [String]? = [JWTFixtures.audience]
        var client_id: String? = nil
        var exp: Int? = Int(JWTFixtures.now.timeIntervalSince1970) + 600
        var nbf: Int? = nil
        var iat: Int? = Int(JWTFixtures.now.timeIntervalSince1970) - 10
        var scope: String? = nil
        var email: String? = "a@example.com"
        var groups: [String]? = nil

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    let ecKey = ES256PrivateKey()
    let rsaKey: JWTKit.Insecure.RSA.PrivateKey
    /// Signs with either key, or with keys unknown to the JWKS under the same kids.
    let signers = JWTKeyCollection()
    let strangers = JWTKeyCollection()

    init() async throws {
        rsaKey = try JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
        await signers.add(ecdsa: ecKey, kid: "ec-1")
        await signers.add(rsa: rsaKey, digestAlgorithm: .sha256, kid: "rsa-1")
        await strangers.add(ecdsa: ES256PrivateKey(), kid: "ec-1")
        await strangers.add(ecdsa: ES256PrivateKey(), kid: "other-1")
    }

    /// The public JWKS: both keys, plus a symmetric key jwt-kit cannot use (skipped, not fatal).
    func jwksJSON() throws -> String {
        let ec = try unwrap(ecKey.publicKey.parameters)
        let (modulus, exponent) = try rsaKey.publicKey.getKeyPrimitives()
        return """
            {"keys":[
              {"kty":"EC","crv":"P-256","x":"\(ec.x)","y":"\(ec.y)","kid":"ec-1","alg":"ES256","use":"sig"},
              {"kty":"RSA","n":"\(Self.base64URL(modulus))","e":"\(Self.base64URL(exponent))","kid":"rsa-1","alg":"RS256","use":"sig"},
              {"kty":"oct","k":"c2VjcmV0","kid":"hmac-1"}
            ]}
            """
    }

    func token(_ claims: Claims = Claims(), kid: String = "ec-1", by collection: JWTKeyCollection? = nil) async throws
        -> String
    {
        try await (collection ?? signers).sign(claims, kid: JWKIdentifier(string: kid))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func input(authorization: String?) -> AuthorizationRequest {
        AuthFixtures.httpInput(headers: authorization.map { [("Authorization", $0)] } ?? [])
    }
}

struct MissingValue: Error {}

func unwrap<T>(_ value: T?) throws -> T {
    guard let value else { throw MissingValue() }
    return value
}
