import LambGateway
import LambGatewayAuth
import Testing

@Suite("AuthorizerRefusal")
struct AuthorizerRefusalTests {
    static let table: [(AuthorizerRefusal, GatewayAPIKind, Int, String)] = [
        (.unauthorized, .rest, 401, #"{"message":"Unauthorized"}"#),
        (.unauthorized, .http, 401, #"{"message":"Unauthorized"}"#),
        (
            .explicitDeny, .rest, 403,
            #"{"Message":"User is not authorized to access this resource with an explicit deny"}"#
        ),
        (.explicitDeny, .http, 403, #"{"message":"Forbidden"}"#),
        (.notAllowed, .rest, 403, #"{"Message":"User is not authorized to access this resource"}"#),
        (.notAllowed, .http, 403, #"{"message":"Forbidden"}"#),
        (.authorizerFailure(reason: "x"), .rest, 500, #"{"message":null}"#),
        (.authorizerFailure(reason: "x"), .http, 500, #"{"message":"Internal Server Error"}"#),
        (.invalidToken(description: "the token has expired"), .http, 401, #"{"message":"Unauthorized"}"#),
        (.insufficientScope(required: ["read"]), .http, 403, #"{"message":"Forbidden"}"#),
    ]

    @Test("each refusal's status and body", arguments: table.indices)
    func answers(index: Int) {
        let (refusal, kind, status, body) = Self.table[index]
        let answer = refusal.answer(kind: kind)
        #expect(answer.status == status)
        #expect(answer.body == body)
    }

    @Test("REST names the error type; JWT refusals say why in www-authenticate")
    func headers() {
        let rest = AuthorizerRefusal.authorizerFailure(reason: "x").response(kind: .rest, requestId: "r")
        #expect(rest.header("x-amzn-ErrorType") == "AuthorizerConfigurationException")
        #expect(rest.header("Content-Type") == "application/json")
        #expect(rest.header("x-amzn-RequestId") == "r")
        let jwt = AuthorizerRefusal.invalidToken(description: "the token has expired").response(
            kind: .http, requestId: "r")
        #expect(
            jwt.header("www-authenticate")
                == #"Bearer scope="" error="invalid_token" error_description="the token has expired""#)
        #expect(jwt.header("x-amzn-ErrorType") == nil)
        #expect(jwt.hasHeader("apigw-requestid"))
    }
}
