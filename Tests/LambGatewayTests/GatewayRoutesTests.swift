import LambCore
import LambGateway
import LambTemplates
import Testing

@Suite("GatewayRoutes")
struct GatewayRoutesTests {
    static func event(_ name: String, _ type: String, _ properties: [(String, TemplateValue)]) -> StackFunctionEvent {
        StackFunctionEvent(
            name: name, type: type, properties: .map(properties.map { TemplateEntry(key: $0.0, value: $0.1) }))
    }

    static let restApi = StackApi(
        kind: .rest, logicalId: "ServerlessRestApi", apiId: "restapi001", isImplicit: true, stageName: "Prod",
        binaryMediaTypes: ["image/png"],
        authorizers: [StackAuthorizer(name: "Token", kind: .lambdaToken, functionArn: "Auth")],
        defaultAuthorizer: "Token", stageVariables: ["b": "2", "a": "1"])
    static let httpApi = StackApi(
        kind: .http, logicalId: "Http", apiId: "httpapi001", stageName: "$default",
        cors: StackCors(allowOrigins: ["*"]))

    static func stack() -> LoadedStack {
        var function = StackFunction(
            logicalId: "Fn", name: "fn", code: .inline("x"), settings: .init(), autoPublishAlias: "live")
        function.events = [
            event("Get", "Api", [("Path", .string("/users/{id}")), ("Method", .string("get"))]),
            event(
                "Open", "Api",
                [
                    ("Path", .string("/open")), ("Method", .string("post")),
                    ("Auth", .map([TemplateEntry(key: "Authorizer", value: .string("NONE"))])),
                ]),
            event("Default", "HttpApi", [("ApiId", .string("httpapi001"))]),
            event(
                "Old", "HttpApi",
                [
                    ("ApiId", .string("httpapi001")), ("Path", .string("/v1")), ("Method", .string("GET")),
                    ("PayloadFormatVersion", .string("1.0")),
                ]),
            event("Lost", "HttpApi", [("ApiId", .string("nothere"))]),
            event("Tick", "Schedule", [("Schedule", .string("rate(1 minute)"))]),
        ]
        return LoadedStack(templatePath: "/t.yaml", stackName: "demo", functions: [function], apis: [restApi, httpApi])
    }

    @Test("each Api and HttpApi event becomes a route of its API; others are left out")
    func routes() {
        let built = GatewayRoutes.make(from: Self.stack(), region: "us-east-1")
        #expect(built.routes.map(\.routeKey) == ["GET /users/{id}", "POST /open", "$default", "GET /v1"])
        #expect(built.routes.map(\.eventName) == ["Get", "Open", "Default", "Old"])
        #expect(built.routes.map(\.payloadFormat) == [.v1, .v1, .v2, .v1])
        #expect(built.routes.map(\.apiKind) == [.rest, .rest, .http, .http])
        #expect(built.routes.map(\.stage) == ["Prod", "Prod", "$default", "$default"])
        #expect(built.routes.allSatisfy { $0.functionName == "fn" && $0.qualifier == "live" })
    }

    @Test("an event's Authorizer wins, NONE opens the route, and the API's default applies otherwise")
    func authorizers() {
        let built = GatewayRoutes.make(from: Self.stack(), region: "us-east-1")
        #expect(built.routes.map(\.authorizer) == ["Token", nil, nil, nil])
    }

    @Test("settings and CORS come per API: stage variables sorted by name, binary media types")
    func settings() {
        let built = GatewayRoutes.make(from: Self.stack(), region: "us-east-1")
        let rest = built.settings["ServerlessRestApi"]
        #expect(rest?.stageVariables.map(\.0) == ["a", "b"])
        #expect(rest?.binaryMediaTypes == ["image/png"])
        #expect(built.cors["Http"]?.kind == .http)
        #expect(built.cors["ServerlessRestApi"] == nil)
        #expect(built.apis["Http"]?.apiId == "httpapi001")
    }
}
