import LambGateway
import Testing

/// Requests of every kind and shape the event writers must get right, each with the event text the tree-building
/// builders wrote for it before they wrote text directly (commit `c9e9638`, `GatewayJSON.serialized`): the writers
/// must reproduce it byte for byte.
struct EventTextCase: CustomTestStringConvertible, Sendable {
    var name: String
    var request: GatewayRequest
    var match: RouteMatch
    var settings: GatewayEventSettings

    var testDescription: String { name }

    var text: String {
        String(
            decoding: match.route.payloadFormat == .v1
                ? ProxyEventV1.bytes(request: request, match: match, settings: settings)
                : ProxyEventV2.bytes(request: request, match: match, settings: settings), as: UTF8.self)
    }

    static let urlId = "abcdefghijklmnopqrstuvwxyz012345"

    static func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: String = "",
        domainName: String = "gy415nuibc.execute-api.us-east-1.amazonaws.com"
    ) -> GatewayRequest {
        GatewayRequest(
            method: method, target: target, headers: headers, body: Array(body.utf8), sourceIp: "127.0.0.1",
            timeEpochMilliseconds: 1_733_400_000_123, requestId: "0f9e1c3a-6b2d-4d8e-9a7c-1b2c3d4e5f60",
            domainName: domainName, accountId: "123456789012")
    }

    static func route(
        _ kind: GatewayAPIKind, _ method: String, _ path: String, stage: String, format: PayloadFormatVersion
    ) -> GatewayRoute {
        GatewayRoute(
            apiKind: kind, apiLogicalId: "Api", apiId: "gy415nuibc", stage: stage, method: method, path: path,
            functionName: "f", payloadFormat: format)
    }

    static func matched(_ route: GatewayRoute, _ request: GatewayRequest) -> RouteMatch {
        RouteTable(routes: [route]).match(method: request.method, path: request.rawPath)!
    }

    static func url(_ request: GatewayRequest) -> RouteMatch {
        RouteMatch(
            route: .functionURL(urlId: urlId, functionName: "f"), pathParameters: [],
            pathWithoutStage: request.rawPath, stagePrefixed: false)
    }

    static let authorizerContext = GatewayJSON.object([
        ("principalId", .string("user|a\"b")), ("count", .number("12")), ("ok", .bool(true)),
        ("scopes", .array([.string("read"), .null])),
    ])

    static let all: [EventTextCase] = {
        var cases: [EventTextCase] = []
        func add(
            _ name: String, _ request: GatewayRequest, _ match: RouteMatch, _ settings: GatewayEventSettings = .init()
        ) {
            cases.append(EventTextCase(name: name, request: request, match: match, settings: settings))
        }
        // REST (1.0): stage prefix, greedy path, repeated query and headers in mixed case, escapes in values.
        let rest = request(
            "POST", "/Prod/hello/w%C3%B6rld?name=me&multi=you&multi=me&flag&a+b=c%20d",
            headers: [
                ("Host", "127.0.0.1:3000"), ("Accept", "*/*"), ("accept", "text/html"), ("User-Agent", "curl/8.5"),
                ("Content-Type", "application/json"), ("X-Quote", "say \"hi\" \\ there"), ("X-Utf8", "caf\u{E9} ☕"),
            ],
            body: "{\r\n\t\"a\": 1\r\n}")
        add(
            "REST, stage prefix, greedy path, repeated query and headers", rest,
            matched(route(.rest, "ANY", "/{proxy+}", stage: "Prod", format: .v1), rest),
            .init(stageVariables: [("mode", "test"), ("quote", "\"")]))
        // REST: a binary body for a BinaryMediaTypes match, and an authorizer's context.
        let binary = request(
            "PUT", "/items/42", headers: [("Content-Type", "image/png"), ("Authorization", "Bearer x")],
            body: "\u{1}\u{2}binary\u{7F}")
        add(
            "REST, binary body, authorizer context", binary,
            matched(route(.rest, "PUT", "/items/{id}", stage: "Prod", format: .v1), binary),
            .init(binaryMediaTypes: ["image~1png"], authorizer: authorizerContext))
        // REST: nothing optional (nulls everywhere).
        let bare = request("GET", "/")
        add("REST, a bare GET", bare, matched(route(.rest, "GET", "/", stage: "Prod", format: .v1), bare))
        // HTTP API with payload 1.0: the path decoded, a named stage.
        let http1 = request(
            "DELETE", "/beta/pets/Chester%20Mall?x=1", headers: [("Cookie", "a=1; b=2"), ("User-Agent", "ua")])
        add(
            "HTTP API, payload 1.0, named stage", http1,
            matched(route(.http, "DELETE", "/pets/{name}", stage: "beta", format: .v1), http1))
        // HTTP API (2.0): cookies, repeated headers joined, query joined, the $default route.
        let http2 = request(
            "POST", "/my/path?parameter1=value1&parameter1=value2&parameter2=va%26lue",
            headers: [
                ("Header1", "value1"), ("Header2", "value1"), ("Cookie", "cookie1; cookie2"), ("header2", "value2"),
                ("cookie", " cookie3 ;;"), ("User-Agent", "agent"), ("Content-Type", "text/plain; charset=utf-8"),
            ],
            body: "Hello from Lambda \u{1F600}\n")
        add(
            "HTTP API, payload 2.0, $default route", http2,
            matched(route(.http, "ANY", "$default", stage: "$default", format: .v2), http2))
        // HTTP API (2.0): a named stage not sent, path parameters, stage variables, a JWT grant, a body without a
        // type (base64).
        let jwt = request("PATCH", "/users/J%C3%BCrgen/items/7", headers: [("Authorization", "Bearer t")], body: "raw")
        add(
            "HTTP API, payload 2.0, named stage, parameters, JWT claims", jwt,
            matched(route(.http, "PATCH", "/users/{name}/items/{item}", stage: "beta", format: .v2), jwt),
            .init(
                stageVariables: [("a", "b")],
                authorizer: .object([
                    ("jwt", .object([("claims", .object([("sub", .string("u1"))])), ("scopes", .null)]))
                ])))
        // Function URLs (2.0): anonymous, the path as sent, odd query pieces, no user agent, no body.
        let urlDomain = GatewayIdentifiers.functionURLDomain(urlId: urlId, region: "us-east-1")
        let anonymous = request(
            "GET", "/a%20b/?a=1&&b=%zz&c+d=e+f&a=2", headers: [("Host", "x.lambda-url.us-east-1.localhost")],
            domainName: urlDomain)
        add("Function URL, anonymous, odd query", anonymous, url(anonymous))
        // Function URLs: AWS_IAM, a text body with control characters, an empty header value.
        let iam = request(
            "POST", "/", headers: [("Content-Type", "application/json"), ("X-Empty", ""), ("User-Agent", "u\u{1}a")],
            body: "{\"s\":\"\u{1}\u{1F}\"}", domainName: urlDomain)
        add("Function URL, AWS_IAM, control characters", iam, url(iam), .init(functionURLIsAnonymous: false))
        return cases
    }()
}
