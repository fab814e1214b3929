import Foundation
import LambGateway
import LambGatewayAuth
import Testing

@Suite("JWTAuthorizer")
struct JWTAuthorizerTests {
    let fixtures: JWTFixtures
    let authorizer: JWTAuthorizer

    init() async throws {
        fixtures = try await JWTFixtures()
        let config = JWTAuthorizerConfig(name: "Jwt", issuer: JWTFixtures.issuer, audiences: [JWTFixtures.audience])
        authorizer = JWTAuthorizer(config: config, keys: JWKSSource(location: .inline(try fixtures.jwksJSON())))
    }

    func decide(_ token: String?, scopes: [String] = [], now: Date = JWTFixtures.now) async -> AuthorizerDecision {
        await authorizer.authorize(JWTFixtures.input(authorization: token), requiredScopes: scopes, now: now)
    }

    @Test("a valid token, with or without Bearer, signed by either key, is accepted with its claims as strings")
    func accepts() async throws {
        var claims = JWTFixtures.Claims()
        claims.groups = ["admin", "users"]
        claims.scope = "read write"
        for kid in ["ec-1", "rsa-1"] {
            let token = try await fixtures.token(claims, kid: kid)
            for presented in [token, "Bearer \(token)", "bearer \(token)"] {
                let decision = await decide(presented)
                guard case .allow(.jwt(let granted, let scopes)) = decision else {
                    Issue.record("expected allow for \(kid), got \(decision)")
                    continue
                }
                #expect(granted["iss"] == .string(JWTFixtures.issuer))
                #expect(granted["sub"] == .string("user-1"))
                #expect(granted["exp"] == .string("1700000600"))
                #expect(granted["groups"] == .string("[admin users]"))
                #expect(scopes == ["read", "write"])
            }
        }
    }

    @Test("the grant reaches the 2.0 event as authorizer.jwt {claims, scopes}")
    func eventShape() async throws {
        let decision = await decide(try await fixtures.token())
        let value = try #require(decision.grant).eventValue(apiKind: .http, payloadFormat: .v2)
        #expect(value["jwt"]?["claims"]?["email"] == .string("a@example.com"))
        #expect(value["jwt"]?["scopes"] == .null)
    }

    @Test("expired, not yet valid, wrong issuer, wrong audience: 401 with the reason")
    func rejectsClaims() async throws {
        var expired = JWTFixtures.Claims()
        expired.exp = 1_700_000_000
        var early = JWTFixtures.Claims()
        early.nbf = 1_700_000_100
        var issuer = JWTFixtures.Claims()
        issuer.iss = "https://other.example.com"
        var audience = JWTFixtures.Claims()
        audience.aud = ["someone-else"]
        var noExpiry = JWTFixtures.Claims()
        noExpiry.exp = nil
        let cases: [(JWTFixtures.Claims, String)] = [
            (expired, "the token has expired"), (early, "the token is not valid yet"),
            (issuer, "the token does not have a valid issuer"), (audience, "the token does not have a valid audience"),
            (noExpiry, "the token has no expiry"),
        ]
        for (claims, reason) in cases {
            let decision = await decide(try await fixtures.token(claims))
            #expect(decision == .deny(.invalidToken(description: reason)))
            #expect(decision.refusal?.answer(kind: .http).status == 401)
        }
    }

    @Test("client_id stands in for a missing aud, but not beside one")
    func clientId() async throws {
        var viaClient = JWTFixtures.Claims()
        viaClient.aud = nil
        viaClient.client_id = JWTFixtures.audience
        #expect(await decide(try await fixtures.token(viaClient)).grant != nil)
        var both = JWTFixtures.Claims()
        both.aud = ["other"]
        both.client_id = JWTFixtures.audience
        #expect(await decide(try await fixtures.token(both)).grant == nil)
    }

    @Test("a bad signature, an unknown kid, garbage, or no token at all are refused")
    func rejectsTokens() async throws {
        let forged = try await fixtures.token(kid: "ec-1", by: fixtures.strangers)
        #expect(await decide(forged) == .deny(.invalidToken(description: "the token's signature is invalid")))
        let genuine = try await fixtures.token()
        var parts = genuine.split(separator: ".").map(String.init)
        parts[1] = JWTFixtures.base64URL(
            Data(#"{"iss":"\#(JWTFixtures.issuer)","aud":"my-app","exp":9999999999}"#.utf8))
        #expect(
            await decide(parts.joined(separator: "."))
                == .deny(.invalidToken(description: "the token's signature is invalid")))
        let unknownKid = try await fixtures.token(kid: "other-1", by: fixtures.strangers)
        #expect(
            await decide(unknownKid)
                == .deny(.invalidToken(description: "the token's kid does not match a key of the issuer")))
        #expect(await decide("not.a.jwt") == .deny(.invalidToken(description: "the token is not a valid JWT")))
        #expect(await decide(nil) == .deny(.unauthorized))
    }

    @Test("route scopes: one of them must be in scope / scp, else 403 Forbidden")
    func scopes() async throws {
        var claims = JWTFixtures.Claims()
        claims.scope = "read"
        let token = try await fixtures.token(claims)
        #expect(await decide(token, scopes: ["write", "read"]).grant != nil)
        let refused = await decide(token, scopes: ["admin"])
        #expect(refused == .deny(.insufficientScope(required: ["admin"])))
        #expect(refused.refusal?.answer(kind: .http).body == #"{"message":"Forbidden"}"#)
        let noScopes = await decide(try await fixtures.token(), scopes: ["read"])
        #expect(noScopes == .deny(.insufficientScope(required: ["read"])))
    }

    @Test("a key set that cannot be read refuses tokens and says why")
    func unreadableKeys() async throws {
        let broken = JWTAuthorizer(
            config: authorizer.config, keys: JWKSSource(location: .file("/nonexistent/jwks.json")))
        let decision = await broken.authorize(
            JWTFixtures.input(authorization: try await fixtures.token()), now: JWTFixtures.now)
        guard case .deny(.invalidToken(let description)) = decision else {
            Issue.record("expected a refusal, got \(decision)")
            return
        }
        #expect(description.contains("/nonexistent/jwks.json"))
    }
}
