import LambGatewayAuth
import Testing

@Suite("IdentitySource")
struct IdentitySourceTests {
    @Test(
        "both API kinds' spellings parse",
        arguments: [
            ("method.request.header.Authorization", IdentitySource.header("Authorization")),
            ("$request.header.Auth", .header("Auth")),
            ("route.request.header.Auth", .header("Auth")),
            ("method.request.querystring.token", .queryString("token")),
            ("$request.querystring.token", .queryString("token")),
            ("stageVariables.v", .stageVariable("v")),
            ("$stageVariables.v", .stageVariable("v")),
            ("context.identity.sourceIp", .context("identity.sourceIp")),
            (" $context.routeKey ", .context("routeKey")),
        ])
    func parses(expression: String, expected: IdentitySource) {
        #expect(IdentitySource(expression: expression) == expected)
    }

    @Test("anything else does not", arguments: ["Authorization", "$request.header.", "$request.body.x", ""])
    func refuses(expression: String) {
        #expect(IdentitySource(expression: expression) == nil)
    }

    @Test("written back in each kind's spelling")
    func spellings() {
        #expect(IdentitySource.header("A").restExpression == "method.request.header.A")
        #expect(IdentitySource.queryString("q").httpExpression == "$request.querystring.q")
    }
}
