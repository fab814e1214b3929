import LambGateway
import LambGatewayAuth
import Testing

@Suite("AuthorizerEvent")
struct AuthorizerEventTests {
    static func keys(_ json: GatewayJSON) -> [String] {
        guard case .object(let members) = json else { return [] }
        return members.map(\.0)
    }

    @Test("TOKEN: type, authorizationToken, methodArn and nothing else")
    func token() {
        let input = AuthFixtures.restInput(headers: [("Authorization", "allow")])
        let event = LambdaAuthorizer(
            config: .restToken(name: "MyAuth", functionName: "auth"), cache: AuthorizerCache()
        ).event(input, identityValues: ["allow"])
        #expect(
            event.serialized
                == #"{"type":"TOKEN","authorizationToken":"allow","methodArn":"arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/GET/request/42"}"#
        )
    }

    @Test("REST REQUEST: the documented keys in order, without the body")
    func restRequest() {
        let input = AuthFixtures.restInput(
            headers: [("HeaderAuth1", "headerValue1"), ("Accept", "*/*")],
            stageVariables: [("StageVar1", "stageValue1")])
        let event = AuthorizerEvent.restRequest(input)
        #expect(
            Self.keys(event) == [
                "type", "methodArn", "resource", "path", "httpMethod", "headers", "multiValueHeaders",
                "queryStringParameters", "multiValueQueryStringParameters", "pathParameters", "stageVariables",
                "requestContext",
            ])
        #expect(event["type"] == .string("REQUEST"))
        #expect(
            event["methodArn"] == .string("arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/GET/request/42"))
        #expect(event["resource"] == .string("/request/{id}"))
        #expect(event["path"] == .string("/request/42"))
        #expect(event["headers"]?["HeaderAuth1"] == .string("headerValue1"))
        #expect(event["queryStringParameters"]?["QueryString1"] == .string("queryValue1"))
        #expect(event["pathParameters"]?["id"] == .string("42"))
        #expect(event["stageVariables"]?["StageVar1"] == .string("stageValue1"))
        #expect(event["requestContext"]?["resourcePath"] == .string("/request/{id}"))
        #expect(event["requestContext"]?["identity"]?["sourceIp"] == .string("10.1.2.3"))
        #expect(event["body"] == nil)
    }

    @Test("HTTP 2.0: version, type, routeArn, identitySource list, then the 2.0 request fields")
    func httpV2() {
        let input = AuthFixtures.httpInput(
            headers: [("Authorization", "user1"), ("Cookie", "cookie1; cookie2")], stageVariables: [("v", "1")])
        let event = AuthorizerEvent.httpRequestV2(input, identityValues: ["user1", "123"])
        #expect(
            Self.keys(event) == [
                "version", "type", "routeArn", "identitySource", "routeKey", "rawPath", "rawQueryString", "cookies",
                "headers", "queryStringParameters", "requestContext", "pathParameters", "stageVariables",
            ])
        #expect(event["version"] == .string("2.0"))
        #expect(
            event["routeArn"] == .string("arn:aws:execute-api:us-east-1:123456789012:abcdef123/$default/GET/my/path"))
        #expect(event["identitySource"] == .array([.string("user1"), .string("123")]))
        #expect(event["routeKey"] == .string("GET /my/{name}"))
        #expect(event["queryStringParameters"]?["parameter1"] == .string("value1,value2"))
        #expect(event["headers"]?["authorization"] == .string("user1"))
        #expect(event["pathParameters"]?["name"] == .string("path"))
    }

    @Test("HTTP 1.0: identitySource and authorizationToken carry the values comma-joined")
    func httpV1() {
        let input = AuthFixtures.httpInput(headers: [("Authorization", "user1")])
        let event = AuthorizerEvent.httpRequestV1(input, identityValues: ["user1", "123"])
        #expect(
            Array(Self.keys(event).prefix(7)) == [
                "version", "type", "methodArn", "identitySource", "authorizationToken", "resource", "path",
            ])
        #expect(event["version"] == .string("1.0"))
        #expect(event["identitySource"] == .string("user1,123"))
        #expect(event["authorizationToken"] == .string("user1,123"))
        #expect(event["body"] == nil)
        #expect(event["isBase64Encoded"] == nil)
    }

    @Test("method ARNs: the request's own path without the stage; the root ends in a slash")
    func arns() {
        #expect(
            AuthFixtures.restInput(headers: []).arn
                == "arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/GET/request/42")
        let root = GatewayRoute(
            apiKind: .rest, apiLogicalId: "A", apiId: "api", stage: "Prod", method: "ANY", path: "/", functionName: "f",
            payloadFormat: .v1)
        let match = RouteTable(routes: [root]).match(method: "POST", path: "/Prod/")!
        let request = AuthFixtures.request(method: "POST", target: "/Prod/")
        #expect(
            AuthorizationRequest.executeAPIArn(request: request, match: match, region: "eu-west-1")
                == "arn:aws:execute-api:eu-west-1:123456789012:api/Prod/POST/")
    }
}
