import LambGateway
import Testing

@Suite("ProxyEventV2")
struct ProxyEventV2Tests {
    /// The request behind the payload 2.0 example of "Working with AWS Lambda proxy integrations for HTTP APIs".
    static func documentedRequest() -> GatewayRequest {
        GatewayRequest(
            method: "POST", target: "/my/path?parameter1=value1&parameter1=value2&parameter2=value",
            headers: [
                ("Header1", "value1"), ("Header2", "value1"), ("Cookie", "cookie1; cookie2"), ("header2", "value2"),
                ("User-Agent", "agent"), ("Content-Type", "text/plain"),
            ],
            body: Array("Hello from Lambda".utf8), sourceIp: "IP", timeEpochMilliseconds: 1_583_348_638_390,
            requestId: "id", domainName: "id.execute-api.us-east-1.amazonaws.com", accountId: "123456789012")
    }

    static let defaultRoute = GatewayRoute(
        apiKind: .http, apiLogicalId: "ServerlessHttpApi", apiId: "api-id", stage: "$default", method: "ANY",
        path: "$default", functionName: "f", payloadFormat: .v2)

    @Test("the documented HTTP API example, field by field")
    func documentedExample() throws {
        let request = Self.documentedRequest()
        let match = try #require(RouteTable(routes: [Self.defaultRoute]).match(method: "POST", path: "/my/path"))
        let event = ProxyEventV2.make(request: request, match: match)
        #expect(event["version"] == .string("2.0"))
        #expect(event["routeKey"] == .string("$default"))
        #expect(event["rawPath"] == .string("/my/path"))
        #expect(event["rawQueryString"] == .string("parameter1=value1&parameter1=value2&parameter2=value"))
        #expect(event["cookies"] == .array([.string("cookie1"), .string("cookie2")]))
        #expect(event["headers"]?["header1"] == .string("value1"))
        #expect(event["headers"]?["header2"] == .string("value1,value2"))
        #expect(event["headers"]?["cookie"] == nil)
        #expect(
            event["queryStringParameters"]
                == .object([("parameter1", .string("value1,value2")), ("parameter2", .string("value"))]))
        #expect(event["body"] == .string("Hello from Lambda"))
        #expect(event["isBase64Encoded"] == .bool(false))
        #expect(event["pathParameters"] == nil)
        #expect(event["stageVariables"] == nil)
        let context = try #require(event["requestContext"])
        #expect(context["accountId"] == .string("123456789012"))
        #expect(context["apiId"] == .string("api-id"))
        #expect(context["domainName"] == .string("id.execute-api.us-east-1.amazonaws.com"))
        #expect(context["domainPrefix"] == .string("id"))
        #expect(
            context["http"]
                == .object([
                    ("method", .string("POST")), ("path", .string("/my/path")), ("protocol", .string("HTTP/1.1")),
                    ("sourceIp", .string("IP")), ("userAgent", .string("agent")),
                ]))
        #expect(context["routeKey"] == .string("$default"))
        #expect(context["stage"] == .string("$default"))
        // AWS's example says 12/Mar, but its own timeEpoch is 4 March 2020 19:03:58 UTC.
        #expect(context["time"] == .string("04/Mar/2020:19:03:58 +0000"))
        #expect(context["timeEpoch"] == .number("1583348638390"))
        #expect(context["authorizer"] == nil)
    }

    @Test("keys come in the documented order")
    func keyOrder() throws {
        let match = try #require(
            RouteTable(routes: [httpRoute("POST", "/my/{thing}")]).match(method: "POST", path: "/my/path"))
        let event = ProxyEventV2.make(
            request: Self.documentedRequest(), match: match, settings: .init(stageVariables: [("a", "b")]))
        guard case .object(let members) = event else { return }
        #expect(
            members.map(\.0) == [
                "version", "routeKey", "rawPath", "rawQueryString", "cookies", "headers", "queryStringParameters",
                "requestContext", "body", "pathParameters", "isBase64Encoded", "stageVariables",
            ])
        #expect(event["routeKey"] == .string("POST /my/{thing}"))
        #expect(event["pathParameters"] == .object([("thing", .string("path"))]))
    }

    @Test("a request with nothing optional leaves the optional keys out")
    func omissions() throws {
        let request = GatewayRequest(
            method: "GET", target: "/", timeEpochMilliseconds: 0, requestId: "r", domainName: "d", accountId: "1")
        let match = try #require(RouteTable(routes: [Self.defaultRoute]).match(method: "GET", path: "/"))
        let event = ProxyEventV2.make(request: request, match: match)
        for key in ["cookies", "queryStringParameters", "pathParameters", "stageVariables", "body"] {
            #expect(event[key] == nil, "\(key)")
        }
        #expect(event["headers"] == .object([]))
        #expect(event["requestContext"]?["http"]?["userAgent"] == .string(""))
    }

    @Test(
        "HTTP APIs and URLs send text types as text and everything else as base64",
        arguments: [
            ("text/html; charset=utf-8", false), ("application/json", false), ("Application/JSON", false),
            ("application/xml", false), ("application/javascript", false), ("application/x-www-form-urlencoded", true),
            ("image/png", true), ("application/octet-stream", true), (nil, true),
        ] as [(String?, Bool)])
    func binary(contentType: String?, base64: Bool) throws {
        var request = Self.documentedRequest()
        request.headers = contentType.map { [("Content-Type", $0)] } ?? []
        request.body = Array("hi".utf8)
        let match = try #require(RouteTable(routes: [Self.defaultRoute]).match(method: "POST", path: "/"))
        let event = ProxyEventV2.make(request: request, match: match)
        #expect(event["isBase64Encoded"] == .bool(base64))
        #expect(event["body"] == .string(base64 ? "aGk=" : "hi"))
    }

    @Test("a named stage is part of rawPath whether or not the client sent it", arguments: ["/hello", "/beta/hello"])
    func namedStage(path: String) throws {
        let route = GatewayRoute(
            apiKind: .http, apiLogicalId: "Api", apiId: "abc", stage: "beta", method: "GET", path: "/hello",
            functionName: "f", payloadFormat: .v2)
        var request = Self.documentedRequest()
        request.rawPath = path
        let match = try #require(RouteTable(routes: [route]).match(method: "GET", path: path))
        let event = ProxyEventV2.make(request: request, match: match)
        #expect(event["rawPath"] == .string("/beta/hello"))
        #expect(event["requestContext"]?["http"]?["path"] == .string("/beta/hello"))
        #expect(event["requestContext"]?["stage"] == .string("beta"))
    }

    @Test(
        "an HTTP API decodes the path; a function URL passes it as sent",
        arguments: [
            (GatewayAPIKind.http, "/items/a b/caf\u{E9}"), (.functionURL, "/items/a%20b/caf%C3%A9"),
        ])
    func pathEncoding(kind: GatewayAPIKind, expected: String) throws {
        let route =
            kind == .http
            ? GatewayRoute(
                apiKind: .http, apiLogicalId: "Api", apiId: "abc", stage: "$default", method: "GET",
                path: "/items/{proxy+}", functionName: "f", payloadFormat: .v2)
            : GatewayRoute.functionURL(urlId: "abcdefghijklmnopqrstuvwxyz012345", functionName: "f")
        var request = Self.documentedRequest()
        request.rawPath = "/items/a%20b/caf%C3%A9"
        let match = RouteMatch(
            route: route, pathParameters: [], pathWithoutStage: request.rawPath, stagePrefixed: false)
        let event = ProxyEventV2.make(request: request, match: match)
        #expect(event["rawPath"] == .string(expected))
        #expect(event["requestContext"]?["http"]?["path"] == .string(expected))
    }

    @Test("an HTTP API with a named stage decodes the path after the stage")
    func namedStageDecoded() throws {
        let route = GatewayRoute(
            apiKind: .http, apiLogicalId: "Api", apiId: "abc", stage: "beta", method: "GET", path: "/pets/{name}",
            functionName: "f", payloadFormat: .v2)
        var request = Self.documentedRequest()
        request.rawPath = "/pets/Chester%20Mall"
        let match = try #require(RouteTable(routes: [route]).match(method: "GET", path: request.rawPath))
        let event = ProxyEventV2.make(request: request, match: match)
        #expect(event["rawPath"] == .string("/beta/pets/Chester Mall"))
        #expect(event["pathParameters"]?["name"] == .string("Chester Mall"))
    }

    @Test("a function URL event is 2.0 with $default, the URL id, and an anonymous account")
    func functionURL() throws {
        let urlId = "abcdefghijklmnopqrstuvwxyz012345"
        let route = GatewayRoute.functionURL(urlId: urlId, functionName: "f")
        var request = Self.documentedRequest()
        request.domainName = GatewayIdentifiers.functionURLDomain(urlId: urlId, region: "us-west-2")
        let event = ProxyEventV2.make(
            request: request,
            match: RouteMatch(route: route, pathParameters: [], pathWithoutStage: "/my/path", stagePrefixed: false))
        let context = try #require(event["requestContext"])
        #expect(event["routeKey"] == .string("$default"))
        #expect(context["accountId"] == .string("anonymous"))
        #expect(context["apiId"] == .string(.init(urlId)))
        #expect(context["domainName"] == .string("\(urlId).lambda-url.us-west-2.on.aws"))
        #expect(context["domainPrefix"] == .string(.init(urlId)))
        #expect(context["requestId"] == .string("id"))
        #expect(context["stage"] == .string("$default"))
    }
}
