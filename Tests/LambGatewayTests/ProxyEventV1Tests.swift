import LambGateway
import Testing

/// The request of AWS's "Input format of a Lambda function for proxy integration" example: `POST
/// /testStage/hello/world?name=me` to `ANY /{proxy+}` of an API deployed to `testStage`.
func documentedRESTRequest() -> (GatewayRequest, RouteMatch) {
    let request = GatewayRequest(
        method: "POST", target: "/testStage/hello/world?name=me&multivalueName=you&multivalueName=me",
        headers: [
            ("Accept", "*/*"), ("Content-Type", "application/json"), ("headerName", "headerValue"),
            ("Host", "gy415nuibc.execute-api.us-east-1.amazonaws.com"), ("User-Agent", "PostmanRuntime/2.4.5"),
        ],
        body: Array("{\r\n\t\"a\": 1\r\n}".utf8), sourceIp: "192.168.196.186", timeEpochMilliseconds: 1_519_166_937_665,
        requestId: "deef4878-7910-11e6-8f14-25afc3e9ae33",
        domainName: "gy415nuibc.execute-api.us-east-1.amazonaws.com", accountId: "12345678912")
    let route = GatewayRoute(
        apiKind: .rest, apiLogicalId: "ServerlessRestApi", apiId: "gy415nuibc", stage: "testStage", method: "ANY",
        path: "/{proxy+}", functionName: "SimpleLambda4ProxyResource", payloadFormat: .v1)
    let match = RouteTable(routes: [route]).match(method: request.method, path: request.rawPath)!
    return (request, match)
}

@Suite("ProxyEventV1")
struct ProxyEventV1Tests {
    let settings = GatewayEventSettings(stageVariables: [("stageVariableName", "stageVariableValue")])

    @Test("the documented REST example, field by field")
    func documentedExample() throws {
        let (request, match) = documentedRESTRequest()
        let event = ProxyEventV1.make(request: request, match: match, settings: settings)
        #expect(event["resource"] == .string("/{proxy+}"))
        #expect(event["path"] == .string("/hello/world"))
        #expect(event["httpMethod"] == .string("POST"))
        #expect(event["headers"]?["headerName"] == .string("headerValue"))
        #expect(event["multiValueHeaders"]?["Accept"] == .array([.string("*/*")]))
        #expect(
            event["queryStringParameters"] == .object([("name", .string("me")), ("multivalueName", .string("me"))]))
        #expect(event["multiValueQueryStringParameters"]?["multivalueName"] == .array([.string("you"), .string("me")]))
        #expect(event["pathParameters"] == .object([("proxy", .string("hello/world"))]))
        #expect(event["stageVariables"] == .object([("stageVariableName", .string("stageVariableValue"))]))
        #expect(event["body"] == .string("{\r\n\t\"a\": 1\r\n}"))
        #expect(event["isBase64Encoded"] == .bool(false))
        #expect(event["version"] == nil)
        let context = try #require(event["requestContext"])
        #expect(context["accountId"] == .string("12345678912"))
        #expect(context["apiId"] == .string("gy415nuibc"))
        #expect(context["stage"] == .string("testStage"))
        #expect(context["requestId"] == .string("deef4878-7910-11e6-8f14-25afc3e9ae33"))
        #expect(context["resourcePath"] == .string("/{proxy+}"))
        #expect(context["httpMethod"] == .string("POST"))
        #expect(context["path"] == .string("/testStage/hello/world"))
        #expect(context["protocol"] == .string("HTTP/1.1"))
        #expect(context["requestTime"] == .string("20/Feb/2018:22:48:57 +0000"))
        #expect(context["requestTimeEpoch"] == .number("1519166937665"))
        #expect(context["domainName"] == .string("gy415nuibc.execute-api.us-east-1.amazonaws.com"))
        #expect(context["domainPrefix"] == .string("gy415nuibc"))
        #expect(context["extendedRequestId"]?.stringValue?.count == 16)
        #expect(context["resourceId"]?.stringValue?.count == 6)
        #expect(context["authorizer"] == nil)
        let identity = try #require(context["identity"])
        #expect(identity["sourceIp"] == .string("192.168.196.186"))
        #expect(identity["userAgent"] == .string("PostmanRuntime/2.4.5"))
        for key in ["cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller", "apiKey", "userArn", "user"] {
            #expect(identity[key] == .null, "identity.\(key)")
        }
    }

    @Test("keys come in the documented order")
    func keyOrder() {
        let (request, match) = documentedRESTRequest()
        guard case .object(let members) = ProxyEventV1.make(request: request, match: match) else {
            Issue.record("not an object")
            return
        }
        #expect(
            members.map(\.0) == [
                "resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
                "multiValueQueryStringParameters", "pathParameters", "stageVariables", "requestContext", "body",
                "isBase64Encoded",
            ])
    }

    @Test("absent parts are null, not missing")
    func nulls() throws {
        let route = restRoute("GET", "/hello")
        let request = GatewayRequest(
            method: "GET", target: "/hello", timeEpochMilliseconds: 0, requestId: "r", domainName: "d", accountId: "1")
        let match = try #require(RouteTable(routes: [route]).match(method: "GET", path: "/hello"))
        let event = ProxyEventV1.make(request: request, match: match)
        for key in [
            "headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters",
            "pathParameters", "stageVariables", "body",
        ] {
            #expect(event[key] == .null, "\(key)")
        }
        #expect(event["requestContext"]?["identity"]?["userAgent"] == .null)
        #expect(event["requestContext"]?["requestTime"] == .string("01/Jan/1970:00:00:00 +0000"))
    }

    @Test("repeated headers keep every value in multiValueHeaders and the last in headers")
    func repeatedHeaders() throws {
        let (base, match) = documentedRESTRequest()
        var request = base
        request.headers = [("X-Thing", "a"), ("x-thing", "b")]
        let event = ProxyEventV1.make(request: request, match: match)
        #expect(event["headers"] == .object([("X-Thing", .string("b"))]))
        #expect(event["multiValueHeaders"] == .object([("X-Thing", .array([.string("a"), .string("b")]))]))
    }

    @Test(
        "REST bodies are base64 only for BinaryMediaTypes",
        arguments: [
            ("image/png", ["image/png"], true), ("image/png", ["image~1*"], true), ("IMAGE/PNG; q=1", ["*/*"], true),
            ("application/json", ["image/*"], false), ("application/octet-stream", [], false),
        ])
    func binary(contentType: String, types: [String], base64: Bool) {
        let (base, match) = documentedRESTRequest()
        var request = base
        request.headers = [("Content-Type", contentType)]
        request.body = [0x89, 0x50, 0x4E, 0x47]
        let event = ProxyEventV1.make(request: request, match: match, settings: .init(binaryMediaTypes: types))
        #expect(event["isBase64Encoded"] == .bool(base64))
        if base64 { #expect(event["body"] == .string("iVBORw==")) }
    }

    @Test(
        "a REST API passes the path as sent; an HTTP API route with payload 1.0 decodes it",
        arguments: [(GatewayAPIKind.rest, "/items/a%20b"), (.http, "/items/a b")])
    func pathEncoding(kind: GatewayAPIKind, expected: String) throws {
        let route = GatewayRoute(
            apiKind: kind, apiLogicalId: "Api", apiId: "abc", stage: kind == .rest ? "Prod" : "$default",
            method: "GET", path: "/items/{id}", functionName: "f", payloadFormat: .v1)
        let request = GatewayRequest(
            method: "GET", target: "/items/a%20b", timeEpochMilliseconds: 1_583_349_317_135, requestId: "r",
            domainName: "abc.execute-api.us-east-1.amazonaws.com", accountId: "123456789012")
        let match = try #require(RouteTable(routes: [route]).match(method: "GET", path: "/items/a%20b"))
        let event = ProxyEventV1.make(request: request, match: match)
        #expect(event["path"] == .string(expected))
        #expect(event["pathParameters"]?["id"] == .string("a b"))
    }

    @Test("an HTTP API route with payload 1.0 carries version, joins nothing, and has no resourceId")
    func httpAPIVersion1() throws {
        let route = GatewayRoute(
            apiKind: .http, apiLogicalId: "Api", apiId: "abc", stage: "$default", method: "GET", path: "/my/path",
            functionName: "f", payloadFormat: .v1)
        let request = GatewayRequest(
            method: "GET", target: "/my/path", timeEpochMilliseconds: 1_583_349_317_135, requestId: "r",
            domainName: "abc.execute-api.us-east-1.amazonaws.com", accountId: "123456789012")
        let match = try #require(RouteTable(routes: [route]).match(method: "GET", path: "/my/path"))
        let event = ProxyEventV1.make(request: request, match: match)
        #expect(event["version"] == .string("1.0"))
        #expect(event["requestContext"]?["resourceId"] == .null)
        #expect(event["requestContext"]?["path"] == .string("/my/path"))
        #expect(event["requestContext"]?["requestTime"] == .string("04/Mar/2020:19:15:17 +0000"))
        #expect(event["requestContext"]?["stage"] == .string("$default"))
    }
}

extension GatewayJSON {
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
