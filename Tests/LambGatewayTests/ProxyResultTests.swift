import LambGateway
import Testing

@Suite("ProxyResult")
struct ProxyResultTests {
    func parse(
        _ text: String, _ format: PayloadFormatVersion, _ kind: GatewayAPIKind, types: [String] = [],
        accept: String? = nil
    ) -> GatewayResponse? {
        ProxyResult.parse(Array(text.utf8), format: format, kind: kind, binaryMediaTypes: types, accept: accept)
    }

    @Test(
        "1.0 results that are not an object with an integer statusCode are malformed",
        arguments: [
            #""hello""#, "42", "[]", "{}", #"{"body":"x"}"#, #"{"statusCode":"abc"}"#, #"{"statusCode":200.5}"#,
            #"{"statusCode":200,"body":{"a":1}}"#, #"{"statusCode":200,"headers":"x"}"#, "not json",
            #"{"statusCode":200,"isBase64Encoded":"yes"}"#, #"{"statusCode":200,"extra":1}"#,
        ])
    func malformedV1(text: String) {
        #expect(parse(text, .v1, .rest) == nil)
    }

    @Test("HTTP APIs with 1.0 accept keys REST would refuse")
    func httpV1IsLenient() {
        #expect(parse(#"{"statusCode":201,"extra":1}"#, .v1, .http)?.status == 201)
    }

    @Test("statusCode may be written 200.0 or \"200\"", arguments: ["200", "200.0", #""200""#])
    func statusSpellings(code: String) {
        #expect(parse(#"{"statusCode":\#(code)}"#, .v1, .rest)?.status == 200)
    }

    @Test("headers and multiValueHeaders merge, multiValueHeaders winning a shared name")
    func mergedHeaders() throws {
        let response = try #require(
            parse(
                #"{"statusCode":200,"headers":{"A":"1","B":2,"c":true},"multiValueHeaders":{"b":["x","y"],"Set-Cookie":["s=1","t=2"]},"body":"ok"}"#,
                .v1, .rest))
        #expect(response.headers.map(\.0) == ["A", "c", "b", "b", "Set-Cookie", "Set-Cookie"])
        #expect(response.headerValues("b") == ["x", "y"])
        #expect(response.header("c") == "true")
        #expect(response.bodyText == "ok")
    }

    @Test("2.0 cookies become Set-Cookie headers, one each")
    func cookies() throws {
        let response = try #require(
            parse(#"{"statusCode":201,"cookies":["a=1; Path=/","b=2"],"headers":{"X":"y"}}"#, .v2, .http))
        #expect(response.status == 201)
        #expect(response.headerValues("set-cookie") == ["a=1; Path=/", "b=2"])
        #expect(response.body.isEmpty)
    }

    @Test(
        "2.0's shortcut: any JSON without statusCode is a 200 JSON body, unchanged",
        arguments: [#""Hello from Lambda!""#, #"{ "message": "Hello from Lambda!" }"#, "[1,2]", "3", "null"])
    func shortcut(text: String) throws {
        let response = try #require(parse(text, .v2, .functionURL))
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/json")
        #expect(response.bodyText == text)
    }

    @Test("2.0 results that are not JSON are malformed")
    func notJSON() {
        #expect(parse("Hello", .v2, .http) == nil)
    }

    @Test(
        "base64 bodies are decoded for HTTP APIs and URLs (bad base64 is malformed), for REST only when a binary type matches"
    )
    func base64() {
        let result =
            #"{"statusCode":200,"headers":{"Content-Type":"image/png"},"body":"iVBORw==","isBase64Encoded":true}"#
        #expect(parse(result, .v2, .http)?.body == [0x89, 0x50, 0x4E, 0x47])
        #expect(parse(result, .v1, .rest)?.bodyText == "iVBORw==")
        #expect(parse(result, .v1, .rest, types: ["image/png"])?.body == [0x89, 0x50, 0x4E, 0x47])
        let plain = #"{"statusCode":200,"body":"aGk=","isBase64Encoded":true}"#
        #expect(parse(plain, .v1, .rest, types: ["image/*"], accept: "text/html, image/webp")?.bodyText == "hi")
        #expect(parse(#"{"statusCode":200,"body":"*","isBase64Encoded":true}"#, .v2, .http) == nil)
    }

    @Test(
        "each outcome gets its kind's answer",
        arguments: [
            (
                GatewayInvocationOutcome.functionError, GatewayAPIKind.rest, 502,
                #"{"message": "Internal server error"}"#
            ),
            (.returned(Array("oops".utf8)), .rest, 502, #"{"message": "Internal server error"}"#),
            (.rejected, .rest, 500, #"{"message": "Internal server error"}"#),
            (.timedOut, .rest, 504, #"{"message": "Endpoint request timed out"}"#),
            (.functionError, .http, 500, #"{"message":"Internal Server Error"}"#),
            (.returned(Array("oops".utf8)), .http, 500, #"{"message":"Internal Server Error"}"#),
            (.timedOut, .http, 503, #"{"message":"Service Unavailable"}"#),
            (.functionError, .functionURL, 502, "Internal Server Error"),
            (.rejected, .functionURL, 429, #"{"Message":"Rate Exceeded."}"#),
        ])
    func outcomes(outcome: GatewayInvocationOutcome, kind: GatewayAPIKind, status: Int, body: String) {
        let route = GatewayRoute(
            apiKind: kind, apiLogicalId: "A", apiId: "a", stage: "Prod", method: "GET", path: "/",
            functionName: "f", payloadFormat: kind == .rest ? .v1 : .v2)
        let response = ProxyResult.respond(to: outcome, route: route, requestId: "req-1")
        #expect(response.status == status)
        #expect(response.bodyText == body)
    }

    @Test("responses carry the kind's request-id headers and a default Content-Type")
    func defaultHeaders() {
        let rest = GatewayRoute(
            apiKind: .rest, apiLogicalId: "A", apiId: "a", stage: "Prod", method: "GET", path: "/", functionName: "f",
            payloadFormat: .v1)
        let response = ProxyResult.respond(
            to: .returned(Array(#"{"statusCode":204}"#.utf8)), route: rest, requestId: "req-1")
        #expect(response.header("x-amzn-RequestId") == "req-1")
        #expect(response.header("x-amz-apigw-id")?.count == 16)
        #expect(response.header("Content-Type") == "application/json")
        var http = rest
        http.apiKind = .http
        http.payloadFormat = .v2
        let httpResponse = ProxyResult.respond(
            to: .returned(Array(#"{"statusCode":200,"headers":{"content-type":"text/plain"}}"#.utf8)), route: http,
            requestId: "req-1")
        #expect(httpResponse.header("apigw-requestid") != nil)
        #expect(httpResponse.headerValues("content-type") == ["text/plain"])
    }

    @Test("route misses answer as the API kind does")
    func misses() {
        let rest = GatewayErrorAnswer.response(.noRoute(.rest), requestId: "r")
        #expect(rest.status == 403)
        #expect(rest.bodyText == #"{"message":"Missing Authentication Token"}"#)
        #expect(rest.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException")
        let http = GatewayErrorAnswer.response(.methodNotRouted(.http), requestId: "r")
        #expect(http.status == 404)
        #expect(http.bodyText == #"{"message":"Not Found"}"#)
    }
}
