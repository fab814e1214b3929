import LambGateway
import LambGatewayAuth
import Testing

@Suite("AuthorizerResponse")
struct AuthorizerResponseTests {
    @Test("a policy answer: principalId, policy and context; usageIdentifierKey read past")
    func policy() throws {
        let response = try #require(
            AuthorizerResponse.parse(
                AuthFixtures.policy([("Allow", "*")]), simpleResponses: false, scalarContextOnly: true))
        guard case .policy(let principalId, let policy, let context) = response else {
            Issue.record("not a policy")
            return
        }
        #expect(principalId == "user|a1")
        #expect(policy.statements.count == 1)
        #expect(context == .object([("user", .string("alice")), ("n", .number("1")), ("ok", .bool(true))]))
    }

    @Test("a simple answer when simple responses are on")
    func simple() {
        let bytes = Array(#"{"isAuthorized":true,"context":{"arrayKey":["a"],"mapKey":{"k":"v"}}}"#.utf8)
        #expect(
            AuthorizerResponse.parse(bytes, simpleResponses: true, scalarContextOnly: false)
                == .simple(
                    isAuthorized: true,
                    context: .object([("arrayKey", .array([.string("a")])), ("mapKey", .object([("k", .string("v"))]))])
                ))
    }

    @Test(
        "invalid answers",
        arguments: [
            (#"not json"#, false, true),
            (#"[1]"#, false, true),
            (#"{"policyDocument":{"Statement":[]}}"#, false, true),
            (#"{"principalId":"u"}"#, false, true),
            (#"{"principalId":"u","policyDocument":{"Statement":[]},"context":"x"}"#, false, true),
            (#"{"principalId":"u","policyDocument":{"Statement":[]},"context":{"a":[1]}}"#, false, true),
            (#"{"isAuthorized":"yes"}"#, true, false),
            (#"{"principalId":"u","policyDocument":{"Statement":[]}}"#, true, false),
        ])
    func invalid(text: String, simple: Bool, scalarOnly: Bool) {
        #expect(
            AuthorizerResponse.parse(Array(text.utf8), simpleResponses: simple, scalarContextOnly: scalarOnly) == nil)
    }

    @Test("nested context values are kept for HTTP APIs")
    func nestedContextHTTP() {
        let text = #"{"principalId":"u","policyDocument":{"Statement":[]},"context":{"a":[1]}}"#
        #expect(AuthorizerResponse.parse(Array(text.utf8), simpleResponses: false, scalarContextOnly: false) != nil)
    }
}
