import Foundation
import LambGateway
import LambGatewayAuth
import Testing

@Suite("LambdaAuthorizer")
struct LambdaAuthorizerTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)
    static let methodArn = "arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/GET/request/42"

    static func token(ttl: Int = 300, validation: String? = nil) -> LambdaAuthorizer {
        LambdaAuthorizer(
            config: .restToken(
                name: "MyAuth", functionName: "auth", validationExpression: validation, resultTTLSeconds: ttl),
            cache: AuthorizerCache())
    }

    @Test("an allowing policy lets the request through with its context")
    func allow() async {
        let function = FakeAuthorizerFunction(InvokeOutcome(payload: AuthFixtures.policy([("Allow", Self.methodArn)])))
        let decision = await Self.token().authorize(
            AuthFixtures.restInput(headers: [("authorization", "allow")]), now: Self.start, invoke: function.invoke)
        guard case .allow(.lambda(let principalId, let context, _)) = decision else {
            Issue.record("expected allow, got \(decision)")
            return
        }
        #expect(principalId == "user|a1")
        #expect(context["user"] == .string("alice"))
        #expect(function.events.first?["authorizationToken"] == .string("allow"))
    }

    @Test("deny and uncovered policies refuse with their reasons")
    func denies() async {
        let deny = FakeAuthorizerFunction(InvokeOutcome(payload: AuthFixtures.policy([("Deny", Self.methodArn)])))
        let input = AuthFixtures.restInput(headers: [("Authorization", "t")])
        #expect(await Self.token().authorize(input, now: Self.start, invoke: deny.invoke) == .deny(.explicitDeny))
        let other = FakeAuthorizerFunction(
            InvokeOutcome(payload: AuthFixtures.policy([("Allow", "arn:aws:execute-api:*:*:*/test/POST/*")])))
        #expect(await Self.token().authorize(input, now: Self.start, invoke: other.invoke) == .deny(.notAllowed))
    }

    @Test("a missing or empty token is 401 without an invocation")
    func missingToken() async {
        let function = FakeAuthorizerFunction(InvokeOutcome(payload: AuthFixtures.policy([("Allow", "*")])))
        for headers in [[], [("Authorization", "")], [("X-Other", "t")]] {
            let decision = await Self.token().authorize(
                AuthFixtures.restInput(headers: headers), now: Self.start, invoke: function.invoke)
            #expect(decision == .deny(.unauthorized))
        }
        #expect(function.invocations == 0)
    }

    @Test("a token failing the ValidationExpression is 401 without an invocation")
    func validationExpression() async {
        let function = FakeAuthorizerFunction(InvokeOutcome(payload: AuthFixtures.policy([("Allow", "*")])))
        let authorizer = Self.token(validation: "^Bearer [-0-9a-zA-Z\\._]*$")
        let bad = await authorizer.authorize(
            AuthFixtures.restInput(headers: [("Authorization", "Basic abc")]), now: Self.start, invoke: function.invoke)
        #expect(bad == .deny(.unauthorized))
        #expect(function.invocations == 0)
        let good = await authorizer.authorize(
            AuthFixtures.restInput(headers: [("Authorization", "Bearer abc.def")]), now: Self.start,
            invoke: function.invoke)
        #expect(good.grant != nil)
    }

    @Test("function errors: 'Unauthorized' is 401 for REST; anything else, a throw, or a bad answer is 500")
    func errors() async {
        let input = AuthFixtures.restInput(headers: [("Authorization", "t")])
        let unauthorized = FakeAuthorizerFunction(
            InvokeOutcome(
                payload: Array(#"{"errorMessage":"Unauthorized","errorType":"Error"}"#.utf8), functionError: "Unhandled"
            ))
        #expect(
            await Self.token().authorize(input, now: Self.start, invoke: unauthorized.invoke) == .deny(.unauthorized))

        let crashed = FakeAuthorizerFunction(
            InvokeOutcome(
                payload: Array(#"{"errorMessage":"boom","errorType":"Error"}"#.utf8), functionError: "Unhandled"))
        let failedDecision = await Self.token().authorize(input, now: Self.start, invoke: crashed.invoke)
        #expect(failedDecision.refusal?.answer(kind: .rest).status == 500)

        let throwing = FakeAuthorizerFunction(failing: FakeInvokeError())
        let thrownDecision = await Self.token().authorize(input, now: Self.start, invoke: throwing.invoke)
        #expect(thrownDecision.refusal?.answer(kind: .rest).body == #"{"message":null}"#)

        let malformed = FakeAuthorizerFunction(InvokeOutcome(payload: Array(#"{"allow":true}"#.utf8)))
        let malformedDecision = await Self.token().authorize(input, now: Self.start, invoke: malformed.invoke)
        #expect(malformedDecision.refusal?.answer(kind: .rest).status == 500)
    }

    @Test("HTTP API simple responses: true allows with the context, false is 403 Forbidden")
    func simpleResponses() async {
        let authorizer = LambdaAuthorizer(
            config: .httpRequest(
                name: "MyAuth", functionName: "auth", identitySources: [.header("Authorization")],
                enableSimpleResponses: true),
            cache: AuthorizerCache())
        let input = AuthFixtures.httpInput(headers: [("Authorization", "secretToken")])
        let yes = FakeAuthorizerFunction(
            InvokeOutcome(payload: Array(#"{"isAuthorized":true,"context":{"k":[1]}}"#.utf8)))
        let allowed = await authorizer.authorize(input, now: Self.start, invoke: yes.invoke)
        #expect(
            allowed.grant?.eventValue(apiKind: .http, payloadFormat: .v2)
                == .object([("lambda", .object([("k", .array([.number("1")]))]))]))
        #expect(yes.events.first?["identitySource"] == .array([.string("secretToken")]))

        let no = FakeAuthorizerFunction(InvokeOutcome(payload: Array(#"{"isAuthorized":false}"#.utf8)))
        let refused = await authorizer.authorize(input, now: Self.start, invoke: no.invoke)
        #expect(refused.refusal?.answer(kind: .http).body == #"{"message":"Forbidden"}"#)

        let crashed = FakeAuthorizerFunction(
            InvokeOutcome(payload: Array(#"{"errorMessage":"Unauthorized"}"#.utf8), functionError: "Unhandled"))
        let failed = await authorizer.authorize(input, now: Self.start, invoke: crashed.invoke)
        #expect(failed.refusal?.answer(kind: .http).status == 500)
    }

    @Test("HTTP API: a missing identity source is 401; none configured invokes every time")
    func httpIdentitySources() async {
        let function = FakeAuthorizerFunction(InvokeOutcome(payload: Array(#"{"isAuthorized":true}"#.utf8)))
        let needsQuery = LambdaAuthorizer(
            config: .httpRequest(
                name: "A", functionName: "auth", identitySources: [.queryString("token"), .header("X-Key")],
                enableSimpleResponses: true, resultTTLSeconds: 60),
            cache: AuthorizerCache())
        let missing = await needsQuery.authorize(
            AuthFixtures.httpInput(target: "/my/path", headers: [("X-Key", "k")]), now: Self.start,
            invoke: function.invoke)
        #expect(missing == .deny(.unauthorized))
        let present = await needsQuery.authorize(
            AuthFixtures.httpInput(target: "/my/path?token=a%20b", headers: [("x-key", "k")]), now: Self.start,
            invoke: function.invoke)
        #expect(present.grant != nil)
        #expect(function.events.last?["identitySource"] == .array([.string("a b"), .string("k")]))

        let open = LambdaAuthorizer(
            config: .httpRequest(
                name: "B", functionName: "auth", identitySources: [], enableSimpleResponses: true, resultTTLSeconds: 60),
            cache: AuthorizerCache())
        _ = await open.authorize(AuthFixtures.httpInput(headers: []), now: Self.start, invoke: function.invoke)
        _ = await open.authorize(AuthFixtures.httpInput(headers: []), now: Self.start, invoke: function.invoke)
        #expect(function.invocations == 3)
    }

    @Test("REST REQUEST reads headers, query strings and stage variables")
    func restRequestSources() async {
        let function = FakeAuthorizerFunction(InvokeOutcome(payload: AuthFixtures.policy([("Allow", "*")])))
        let authorizer = LambdaAuthorizer(
            config: .restRequest(
                name: "R", functionName: "auth",
                identitySources: [.header("HeaderAuth1"), .queryString("QueryString1"), .stageVariable("StageVar1")]),
            cache: AuthorizerCache())
        let decision = await authorizer.authorize(
            AuthFixtures.restInput(headers: [("HeaderAuth1", "h")], stageVariables: [("StageVar1", "s")]),
            now: Self.start, invoke: function.invoke)
        #expect(decision.grant != nil)
        #expect(function.events.first?["type"] == .string("REQUEST"))
        let noStageVariable = await authorizer.authorize(
            AuthFixtures.restInput(headers: [("HeaderAuth1", "h")]), now: Self.start, invoke: function.invoke)
        #expect(noStageVariable == .deny(.unauthorized))
    }

    @Test("REST context reaches the event flat and stringified, with principalId")
    func restContextShape() async {
        let function = FakeAuthorizerFunction(InvokeOutcome(payload: AuthFixtures.policy([("Allow", "*")])))
        let decision = await Self.token().authorize(
            AuthFixtures.restInput(headers: [("Authorization", "t")]), now: Self.start, invoke: function.invoke)
        let value = decision.grant?.eventValue(apiKind: .rest, payloadFormat: .v1)
        #expect(value?["user"] == .string("alice"))
        #expect(value?["n"] == .string("1"))
        #expect(value?["ok"] == .string("true"))
        #expect(value?["principalId"] == .string("user|a1"))
        if case .number? = value?["integrationLatency"] {} else { Issue.record("integrationLatency missing") }
    }
}
