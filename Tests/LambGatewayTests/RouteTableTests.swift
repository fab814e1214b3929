import LambGateway
import Testing

func httpRoute(_ method: String, _ path: String, function: String? = nil) -> GatewayRoute {
    GatewayRoute(
        apiKind: .http, apiLogicalId: "ServerlessHttpApi", apiId: "httpapi001", stage: "$default", method: method,
        path: path, functionName: function ?? "\(method) \(path)", payloadFormat: .v2)
}

func restRoute(_ method: String, _ path: String, stage: String = "Prod") -> GatewayRoute {
    GatewayRoute(
        apiKind: .rest, apiLogicalId: "ServerlessRestApi", apiId: "restapi001", stage: stage, method: method,
        path: path, functionName: "\(method) \(path)", payloadFormat: .v1)
}

@Suite("RouteTable")
struct RouteTableTests {
    /// API Gateway's own example of route precedence (HTTP APIs, "Routing API requests").
    static let documented = RouteTable(routes: [
        httpRoute("ANY", "/{proxy+}"), httpRoute("GET", "/pets/dog/1"), httpRoute("GET", "/pets/dog/{id}"),
        httpRoute("ANY", "/pets/{proxy+}"), httpRoute("$default", "$default", function: "$default"),
    ])

    @Test(
        "the most specific path wins, then the exact method, then $default",
        arguments: [
            ("GET", "/pets/dog/1", "GET /pets/dog/1"),
            ("GET", "/pets/dog/2", "GET /pets/dog/{id}"),
            ("POST", "/pets/dog/1", "ANY /pets/{proxy+}"),
            ("GET", "/pets/cat/1", "ANY /pets/{proxy+}"),
            ("GET", "/pets", "ANY /{proxy+}"),
            ("DELETE", "/other/deep/path", "ANY /{proxy+}"),
            ("GET", "/", "$default"),
        ])
    func precedence(method: String, path: String, expected: String) {
        #expect(Self.documented.match(method: method, path: path)?.route.functionName == expected)
    }

    @Test("an exact method beats ANY on the same path, whatever the declaration order")
    func exactMethodBeatsAny() {
        let table = RouteTable(routes: [httpRoute("ANY", "/items"), httpRoute("GET", "/items")])
        #expect(table.match(method: "get", path: "/items")?.route.method == "GET")
        #expect(table.match(method: "PUT", path: "/items")?.route.method == "ANY")
    }

    @Test("path parameters are percent-decoded; a greedy one keeps its slashes")
    func parameters() throws {
        let table = RouteTable(routes: [httpRoute("GET", "/users/{id}/files/{path+}")])
        let match = try #require(table.match(method: "GET", path: "/users/J%C3%BCrgen%20X/files/a/b%2Fc/d.txt"))
        #expect(match.pathParameters.map(\.0) == ["id", "path"])
        #expect(match.pathParameters.map(\.1) == ["Jürgen X", "a/b/c/d.txt"])
    }

    @Test("a greedy parameter needs at least one segment, and trailing slashes are ignored")
    func greedyNeedsASegment() {
        let table = RouteTable(routes: [httpRoute("GET", "/files/{proxy+}"), httpRoute("GET", "/hello")])
        #expect(table.match(method: "GET", path: "/files") == nil)
        #expect(table.match(method: "GET", path: "/files/") == nil)
        #expect(table.match(method: "GET", path: "/files/x")?.pathParameters.first?.1 == "x")
        #expect(table.match(method: "GET", path: "/hello/")?.route.path == "/hello")
    }

    @Test("a path routed for other methods is a miss of that API's kind; an unknown path is not found")
    func misses() {
        let httpTable = RouteTable(routes: [httpRoute("GET", "/hello")])
        #expect(httpTable.lookup(method: "POST", path: "/hello") == .missed(.methodNotRouted(.http)))
        #expect(httpTable.lookup(method: "GET", path: "/nope") == .missed(.noRoute(.http)))
        let restTable = RouteTable(routes: [restRoute("GET", "/hello")])
        #expect(restTable.lookup(method: "POST", path: "/hello") == .missed(.methodNotRouted(.rest)))
        #expect(restTable.lookup(method: "GET", path: "/nope") == .missed(.noRoute(.rest)))
        #expect(RouteTable().lookup(method: "GET", path: "/") == .missed(.noRoute(.http)))
    }

    @Test(
        "REST routes answer with and without the stage prefix",
        arguments: [("/hello", false), ("/Prod/hello", true)])
    func stagePrefix(path: String, prefixed: Bool) throws {
        let table = RouteTable(routes: [restRoute("GET", "/hello"), restRoute("GET", "/{proxy+}")])
        let match = try #require(table.match(method: "GET", path: path))
        #expect(match.route.path == "/hello")
        #expect(match.pathWithoutStage == "/hello")
        #expect(match.stagePrefixed == prefixed)
    }

    @Test("a stage-prefixed path falls back to the whole path, and names the stage's API when nothing matches")
    func stagePrefixFallback() {
        let table = RouteTable(routes: [restRoute("GET", "/hello"), httpRoute("GET", "/Prod/other")])
        #expect(table.match(method: "GET", path: "/Prod/other")?.route.apiKind == .http)
        #expect(table.lookup(method: "GET", path: "/Prod/missing") == .missed(.noRoute(.rest)))
        #expect(table.lookup(method: "GET", path: "/missing") == .missed(.noRoute(.http)))
    }

    @Test("routes with paths API Gateway refuses never match", arguments: ["hello", "/{}", "/{a+}/b", "/a{b}"])
    func invalidPaths(path: String) {
        #expect(!httpRoute("GET", path).hasValidPath)
        #expect(RouteTable(routes: [httpRoute("GET", path)]).routes.isEmpty)
    }

    @Test("the route key is the method and path, or $default")
    func routeKeys() {
        #expect(httpRoute("get", "/a/{b}").routeKey == "GET /a/{b}")
        #expect(httpRoute("*", "/a").routeKey == "ANY /a")
        #expect(GatewayRoute.functionURL(urlId: "abc", functionName: "f").routeKey == "$default")
    }
}
