import Foundation
import LambCore
import LambGateway
import LambTemplates
import Testing

/// From a template on disk to the event a function gets: the loader, the routes, the table and the event builders
/// together.
@Suite("From template to event")
struct StackToEventTests {
    static let template = """
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Api:
            Variables: {MODE: test}
        Resources:
          Users:
            Type: AWS::Serverless::Function
            Properties:
              InlineCode: x
              Handler: a.b
              Runtime: python3.12
              FunctionUrlConfig: {AuthType: NONE}
              Events:
                Get: {Type: Api, Properties: {Path: "/users/{id}", Method: get}}
                Proxy: {Type: HttpApi, Properties: {ApiId: !Ref Http, Path: "/{proxy+}", Method: ANY}}
          Http:
            Type: AWS::Serverless::HttpApi
            Properties: {StageName: beta}
        """

    static func load() throws -> LoadedStack {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lamb-gateway-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("template.yaml")
        try Self.template.write(to: file, atomically: true, encoding: .utf8)
        let context = TemplateContext(
            account: AccountContext(region: "us-east-1", accountId: "123456789012"), stackName: "demo")
        return try TemplateLoader(context: context).load(path: file.path)
    }

    @Test("API ids agree between the template's Ref and the gateway's identifiers")
    func apiIds() throws {
        let stack = try Self.load()
        for api in stack.apis {
            #expect(api.apiId == GatewayIdentifiers.apiId(stackName: "demo", logicalId: api.logicalId))
        }
        #expect(stack.function("Users")?.functionURL?.authType == FunctionURLAuthType.none)
    }

    @Test("a REST request with the stage prefix reaches the function with the documented event")
    func restEvent() throws {
        let stack = try Self.load()
        let built = GatewayRoutes.make(from: stack, region: "us-east-1")
        let table = RouteTable(routes: built.routes)
        let request = GatewayRequest(
            method: "GET", target: "/Prod/users/42?verbose=1", headers: [("Host", "localhost:3000")],
            timeEpochMilliseconds: 1_700_000_000_000, requestId: "req",
            domainName: GatewayIdentifiers.executeAPIDomain(apiId: "x", region: "us-east-1"), accountId: "123456789012")
        let match = try #require(table.match(method: request.method, path: request.rawPath))
        #expect(match.route.functionName == "Users")
        let settings = try #require(built.settings[match.route.apiLogicalId])
        let event = ProxyEventV1.make(request: request, match: match, settings: settings)
        #expect(event["path"] == .string("/users/42"))
        #expect(event["requestContext"]?["path"] == .string("/Prod/users/42"))
        #expect(event["pathParameters"] == .object([("id", .string("42"))]))
        #expect(event["stageVariables"] == .object([("MODE", .string("test"))]))
        #expect(event["queryStringParameters"] == .object([("verbose", .string("1"))]))
        #expect(event["requestContext"]?["apiId"] == .string(match.route.apiId))
    }

    @Test("an HTTP API with a named stage answers with and without the stage; REST paths it does not have miss")
    func httpEvent() throws {
        let built = GatewayRoutes.make(from: try Self.load(), region: "us-east-1")
        let table = RouteTable(routes: built.routes)
        #expect(table.match(method: "DELETE", path: "/beta/a/b")?.route.apiLogicalId == "Http")
        #expect(table.match(method: "DELETE", path: "/a/b")?.pathParameters.first?.1 == "a/b")
        #expect(table.lookup(method: "POST", path: "/Prod/users/1") == .missed(.methodNotRouted(.rest)))
    }
}

extension LoadedStack {
    func function(_ logicalId: String) -> StackFunction? { functions.first { $0.logicalId == logicalId } }
}
