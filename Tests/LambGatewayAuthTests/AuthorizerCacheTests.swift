import Foundation
import LambGateway
import LambGatewayAuth
import Testing

@Suite("AuthorizerCache")
struct AuthorizerCacheTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    @Test("the same token within the TTL reuses the answer; after it, the function is asked again")
    func hitsAndExpiry() async {
        let function = FakeAuthorizerFunction(InvokeOutcome(payload: AuthFixtures.policy([("Allow", "*")])))
        let cache = AuthorizerCache()
        let authorizer = LambdaAuthorizer(
            config: .restToken(name: "MyAuth", functionName: "auth", resultTTLSeconds: 300), cache: cache)
        let input = AuthFixtures.restInput(headers: [("Authorization", "t1")])
        _ = await authorizer.authorize(input, now: Self.start, invoke: function.invoke)
        _ = await authorizer.authorize(input, now: Self.start.addingTimeInterval(299), invoke: function.invoke)
        #expect(function.invocations == 1)
        #expect(await cache.hits == 1)
        // Another token is another key.
        _ = await authorizer.authorize(
            AuthFixtures.restInput(headers: [("Authorization", "t2")]), now: Self.start.addingTimeInterval(1),
            invoke: function.invoke)
        #expect(function.invocations == 2)
        // Expired.
        _ = await authorizer.authorize(input, now: Self.start.addingTimeInterval(300), invoke: function.invoke)
        #expect(function.invocations == 3)
    }

    @Test("a cached policy is evaluated again for each method: one written for GET refuses POST")
    func reevaluated() async {
        let getOnly = "arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/GET/request/42"
        let function = FakeAuthorizerFunction(InvokeOutcome(payload: AuthFixtures.policy([("Allow", getOnly)])))
        let authorizer = LambdaAuthorizer(
            config: .restToken(name: "MyAuth", functionName: "auth"), cache: AuthorizerCache())
        let get = await authorizer.authorize(
            AuthFixtures.restInput(headers: [("Authorization", "t")]), now: Self.start, invoke: function.invoke)
        #expect(get.grant != nil)
        let post = await authorizer.authorize(
            AuthFixtures.restInput(headers: [("Authorization", "t")], method: "POST"), now: Self.start,
            invoke: function.invoke)
        #expect(post == .deny(.notAllowed))
        #expect(function.invocations == 1)
    }

    @Test("TTL 0 caches nothing; failures are never cached")
    func nothingCached() async {
        let function = FakeAuthorizerFunction(InvokeOutcome(payload: Array("{}".utf8)))
        let cache = AuthorizerCache()
        let authorizer = LambdaAuthorizer(
            config: .restToken(name: "MyAuth", functionName: "auth", resultTTLSeconds: 300), cache: cache)
        let input = AuthFixtures.restInput(headers: [("Authorization", "t")])
        _ = await authorizer.authorize(input, now: Self.start, invoke: function.invoke)
        function.answer(InvokeOutcome(payload: AuthFixtures.policy([("Allow", "*")])))
        let second = await authorizer.authorize(input, now: Self.start, invoke: function.invoke)
        #expect(second.grant != nil)
        #expect(function.invocations == 2)

        let uncached = LambdaAuthorizer(
            config: .restToken(name: "Other", functionName: "auth", resultTTLSeconds: 0), cache: cache)
        _ = await uncached.authorize(input, now: Self.start, invoke: function.invoke)
        _ = await uncached.authorize(input, now: Self.start, invoke: function.invoke)
        #expect(function.invocations == 4)
    }

    @Test("entries of different APIs and authorizers do not mix")
    func keys() async {
        let cache = AuthorizerCache()
        let key = AuthorizerCache.Key(apiId: "a", authorizer: "x", identityValues: ["t"])
        await cache.store(.simple(isAuthorized: true, context: .object([])), for: key, ttlSeconds: 10, now: Self.start)
        #expect(await cache.lookup(key, now: Self.start) != nil)
        #expect(
            await cache.lookup(AuthorizerCache.Key(apiId: "b", authorizer: "x", identityValues: ["t"]), now: Self.start)
                == nil)
        #expect(
            await cache.lookup(AuthorizerCache.Key(apiId: "a", authorizer: "y", identityValues: ["t"]), now: Self.start)
                == nil)
    }
}
