import LambCore
import LambGateway
import Testing

@Suite("CORSPolicy")
struct CORSPolicyTests {
    static func request(_ method: String, _ headers: [(String, String)]) -> GatewayRequest {
        GatewayRequest(
            method: method, target: "/items", headers: headers, timeEpochMilliseconds: 0, requestId: "r",
            domainName: "d", accountId: "1")
    }

    static let preflightHeaders = [
        ("Origin", "https://app.example.com"), ("Access-Control-Request-Method", "PUT"),
        ("Access-Control-Request-Headers", "x-token"),
    ]

    @Test("an HTTP API answers a preflight itself: 204 and its configured headers")
    func httpPreflight() throws {
        let policy = CORSPolicy(
            kind: .http, allowOrigins: ["https://*.example.com"], allowMethods: ["GET", "PUT"], allowHeaders: ["*"],
            maxAge: 300, allowCredentials: true)
        let response = try #require(policy.preflight(Self.request("OPTIONS", Self.preflightHeaders)))
        #expect(response.status == 204)
        #expect(response.header("Access-Control-Allow-Origin") == "https://app.example.com")
        #expect(response.header("Access-Control-Allow-Methods") == "GET,PUT")
        #expect(response.header("Access-Control-Allow-Headers") == "x-token")
        #expect(response.header("Access-Control-Max-Age") == "300")
        #expect(response.header("Access-Control-Allow-Credentials") == "true")
    }

    @Test("a disallowed origin gets a preflight answer without CORS headers; non-preflights are routed")
    func notAllowed() throws {
        let policy = CORSPolicy(kind: .http, allowOrigins: ["https://other.com"], allowMethods: ["GET"])
        let response = try #require(policy.preflight(Self.request("OPTIONS", Self.preflightHeaders)))
        #expect(!response.headers.contains { $0.0.hasPrefix("Access-Control") })
        #expect(policy.preflight(Self.request("OPTIONS", [("Origin", "https://other.com")])) == nil)
        #expect(policy.preflight(Self.request("GET", Self.preflightHeaders)) == nil)
    }

    @Test("HTTP APIs and URLs replace the function's CORS headers on allowed requests")
    func decorate() {
        let policy = CORSPolicy(kind: .functionURL, allowOrigins: ["*"], exposeHeaders: ["X-Id"])
        let original = GatewayResponse(status: 200, headers: [("access-control-allow-origin", "nope"), ("A", "b")])
        let decorated = policy.decorate(original, for: Self.request("GET", [("Origin", "https://x.com")]))
        #expect(
            decorated.headers.map(\.0) == ["A", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers"])
        #expect(decorated.header("Access-Control-Allow-Origin") == "*")
        #expect(policy.decorate(original, for: Self.request("GET", [])) == original)
    }

    @Test("a REST API's mock OPTIONS answers 200 for the API's paths with the path's methods, leaving responses alone")
    func restPreflight() throws {
        let policy = CORSPolicy(kind: .rest, allowOrigins: ["https://a.com"], allowHeaders: ["Content-Type"])
        let response = try #require(policy.preflight(Self.request("OPTIONS", []), routedMethods: ["POST", "GET"]))
        #expect(response.status == 200)
        #expect(response.header("Access-Control-Allow-Origin") == "https://a.com")
        #expect(response.header("Access-Control-Allow-Methods") == "GET,OPTIONS,POST")
        #expect(response.header("Access-Control-Allow-Headers") == "Content-Type")
        let any = try #require(policy.preflight(Self.request("OPTIONS", []), routedMethods: ["ANY"]))
        #expect(any.header("Access-Control-Allow-Methods") == "DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT")
        #expect(policy.preflight(Self.request("OPTIONS", []), routedMethods: []) == nil)
        let plain = GatewayResponse(status: 200)
        #expect(policy.decorate(plain, for: Self.request("GET", [("Origin", "https://a.com")])) == plain)
    }

    @Test("the route table tells a REST preflight which methods a path has")
    func methodsForPath() {
        let table = RouteTable(routes: [
            restRoute("GET", "/items"), restRoute("POST", "/items"), restRoute("GET", "/x"),
        ])
        #expect(table.methods(forPath: "/items", apiLogicalId: "ServerlessRestApi") == ["GET", "POST"])
        #expect(table.methods(forPath: "/Prod/items", apiLogicalId: "ServerlessRestApi") == ["GET", "POST"])
        #expect(table.methods(forPath: "/none", apiLogicalId: "ServerlessRestApi") == [])
    }

    @Test("a function URL's Cors: {} turns CORS off")
    func emptyURLCors() {
        #expect(CORSPolicy(functionURL: FunctionURLCors()) == nil)
        #expect(CORSPolicy(functionURL: FunctionURLCors(allowOrigins: ["*"]))?.kind == .functionURL)
    }
}
