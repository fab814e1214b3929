import Foundation
import LambCore
import Testing

@testable import LambTemplates

@Suite("API resources")
struct ApiResourceTests {
    static let function = """
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              InlineCode: x
              Handler: a.b
              Runtime: python3.12
              Events:
        %@
        """

    func load(events: String, resources: String = "", globals: String = "") throws -> LoadedStack {
        let body = Self.function.replacingOccurrences(of: "%@", with: events) + resources
        return try TemporaryProject().load(samTemplate(body, header: globals))
    }

    @Test("events without an API make SAM's implicit APIs, with Globals applied")
    func implicitApis() throws {
        let stack = try load(
            events: """
                        Get: {Type: Api, Properties: {Path: /a, Method: get}}
                        Any: {Type: HttpApi}
                """,
            globals: """
                Globals:
                  Api:
                    BinaryMediaTypes: [image~1png]
                    Variables: {MODE: test}
                    Cors: "'*'"
                  HttpApi:
                    CorsConfiguration: true
                """)
        let rest = try #require(stack.apis.first { $0.logicalId == "ServerlessRestApi" })
        #expect(rest.kind == .rest && rest.isImplicit && rest.stageName == "Prod")
        #expect(rest.binaryMediaTypes == ["image/png"])
        #expect(rest.stageVariables == ["MODE": "test"])
        #expect(rest.cors == StackCors(allowOrigins: ["*"]))
        #expect(rest.apiId.count == 10)
        let http = try #require(stack.apis.first { $0.logicalId == "ServerlessHttpApi" })
        #expect(http.kind == .http && http.stageName == "$default")
        #expect(http.cors == StackCors(allowOrigins: ["*"], allowMethods: ["*"], allowHeaders: ["*"]))
        #expect(stack.findings.isEmpty)
    }

    @Test("an explicit REST API: stage, CORS in SAM's quotes, a TOKEN and a REQUEST authorizer, a default")
    func restApi() throws {
        let stack = try load(
            events: """
                        Get: {Type: Api, Properties: {Path: /a, Method: get, RestApiId: !Ref MyApi}}
                """,
            resources: """

                  MyApi:
                    Type: AWS::Serverless::Api
                    Properties:
                      StageName: v1
                      Cors:
                        AllowOrigin: "'https://example.com'"
                        AllowMethods: "'GET, POST'"
                        AllowHeaders: "'Content-Type,X-Token'"
                        MaxAge: "'600'"
                        AllowCredentials: true
                      Auth:
                        DefaultAuthorizer: Token
                        ApiKeyRequired: true
                        Authorizers:
                          Token:
                            FunctionArn: !GetAtt Fn.Arn
                            Identity: {Header: X-Token, ReauthorizeEvery: 0, ValidationExpression: "^Bearer .+$"}
                          Request:
                            FunctionPayloadType: REQUEST
                            FunctionArn: arn:aws:lambda:eu-west-1:123456789012:function:Other
                            Identity: {Headers: [A], QueryStrings: [q]}
                          Pool:
                            UserPoolArn: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/x
                      DefinitionUri: api.yaml
                """)
        let api = try #require(stack.apis.first)
        #expect(stack.apis.count == 1)
        #expect(api.logicalId == "MyApi" && api.stageName == "v1" && !api.isImplicit)
        #expect(stack.function("Fn")?.events.first?.properties["RestApiId"] == .string(api.apiId))
        #expect(
            api.cors
                == StackCors(
                    allowOrigins: ["https://example.com"], allowMethods: ["GET", "POST"],
                    allowHeaders: ["Content-Type", "X-Token"], maxAge: 600, allowCredentials: true))
        #expect(api.defaultAuthorizer == "Token")
        #expect(
            api.authorizers == [
                StackAuthorizer(
                    name: "Token", kind: .lambdaToken,
                    functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:Fn",
                    identitySources: ["method.request.header.X-Token"], resultTTLSeconds: 0,
                    validationExpression: "^Bearer .+$"),
                StackAuthorizer(
                    name: "Request", kind: .lambdaRequest,
                    functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:Other",
                    identitySources: ["method.request.header.A", "method.request.querystring.q"]),
            ])
        #expect(api.authorizers[1].functionName == "Other")
        #expect(
            stack.findings(of: "MyApi") == [
                "Properties.Auth.ApiKeyRequired: ignored", "Properties.Auth.Authorizers.Pool: ignored",
                "Properties.DefinitionUri: not yet",
            ])
    }

    @Test("an explicit HTTP API: CORS lists, a Lambda and a JWT authorizer, stage variables")
    func httpApi() throws {
        let stack = try load(
            events: """
                        Get: {Type: HttpApi, Properties: {ApiId: !Ref Http, Path: /a, Method: GET, Auth: {Authorizer: NONE}}}
                """,
            resources: """

                  Http:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      StageVariables: {A: b}
                      CorsConfiguration:
                        AllowOrigins: [https://a.com]
                        AllowMethods: [GET]
                        ExposeHeaders: [X-Id]
                        MaxAge: 60
                      Auth:
                        DefaultAuthorizer: Jwt
                        Authorizers:
                          Lambda:
                            FunctionArn: !GetAtt Fn.Arn
                            AuthorizerPayloadFormatVersion: "2.0"
                            EnableSimpleResponses: true
                            Identity: {Headers: [Authorization], ReauthorizeEvery: 30}
                          Jwt:
                            IdentitySource: $request.header.Authorization
                            JwtConfiguration: {issuer: https://issuer, audience: [app]}
                """)
        let api = try #require(stack.apis.first)
        #expect(stack.apis.count == 1)
        #expect(api.kind == .http && api.stageName == "$default" && api.stageVariables == ["A": "b"])
        #expect(
            api.cors
                == StackCors(
                    allowOrigins: ["https://a.com"], allowMethods: ["GET"], exposeHeaders: ["X-Id"], maxAge: 60))
        #expect(api.defaultAuthorizer == "Jwt")
        #expect(api.authorizers.map(\.kind) == [.lambdaRequest, .jwt])
        #expect(api.authorizers[0].identitySources == ["$request.header.Authorization"])
        #expect(api.authorizers[0].enableSimpleResponses && api.authorizers[0].resultTTLSeconds == 30)
        #expect(api.authorizers[1].issuer == "https://issuer" && api.authorizers[1].audience == ["app"])
        #expect(stack.findings.isEmpty)
    }

    @Test("what the gateway will not do with an event is reported; an unknown API is skipped")
    func eventFindings() throws {
        let stack = try load(
            events: """
                        Get:
                          Type: Api
                          Properties: {Path: /a, Method: get, RequestParameters: [method.request.header.X], Auth: {ApiKeyRequired: true}}
                        Other: {Type: HttpApi, Properties: {ApiId: not-an-api}}
                """)
        #expect(
            stack.findings(of: "Fn") == [
                "Properties.Events.Get.Properties.Auth.ApiKeyRequired: ignored",
                "Properties.Events.Get.Properties.RequestParameters: ignored",
                "Properties.Events.Other.Properties.ApiId: skipped",
            ])
    }

    @Test(
        "SAM's rules are errors",
        arguments: [
            ("Get: {Type: Api, Properties: {Method: get}}", "", "Path: is required"),
            ("Get: {Type: HttpApi, Properties: {PayloadFormatVersion: '3.0'}}", "", "must be 1.0 or 2.0, not 3.0"),
            ("Get: {Type: HttpApi}", "\n  A: {Type: AWS::Serverless::Api, Properties: {}}", "StageName: is required"),
        ])
    func errors(event: String, resources: String, message: String) throws {
        let body = Self.function.replacingOccurrences(of: "%@", with: "            " + event) + resources
        let error = try #require(try TemporaryProject().error(samTemplate(body)))
        #expect(error.description.contains(message), "\(error)")
    }

    @Test("FunctionUrlConfig: auth type, CORS and invoke mode; IAM auth and streaming are reported")
    func functionURL() throws {
        let body = """
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  InlineCode: x
                  Handler: a.b
                  Runtime: python3.12
                  FunctionUrlConfig:
                    AuthType: AWS_IAM
                    InvokeMode: RESPONSE_STREAM
                    Cors: {AllowOrigins: ["*"], AllowMethods: [GET], MaxAge: 10, AllowCredentials: false}
            """
        let stack = try TemporaryProject().load(samTemplate(body))
        #expect(
            stack.function("Fn")?.functionURL
                == StackFunctionURL(
                    authType: .awsIAM,
                    cors: FunctionURLCors(
                        allowCredentials: false, allowMethods: ["GET"], allowOrigins: ["*"], maxAge: 10),
                    invokeMode: .responseStream))
        // RESPONSE_STREAM is served streamed: no finding.
        #expect(stack.findings(of: "Fn") == ["Properties.FunctionUrlConfig.AuthType: approximated"])
    }
}
