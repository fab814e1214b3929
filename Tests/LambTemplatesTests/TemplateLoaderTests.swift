import Foundation
import LambCore
import Testing

@testable import LambTemplates

@Suite("Template loader")
struct TemplateLoaderTests {
    @Test("a realistic JSON template loads like its YAML twin")
    func json() throws {
        let project = try TemporaryProject()
        let code = try project.directory("functions/orders")
        let stack = try project.load(
            """
            {
            \t"AWSTemplateFormatVersion": "2010-09-09",
            \t"Transform": "AWS::Serverless-2016-10-31",
            \t"Description": "Orders service",
            \t"Parameters": {
            \t\t"Stage": {"Type": "String", "Default": "dev", "AllowedValues": ["dev", "prod"]}
            \t},
            \t"Mappings": {
            \t\t"StageConfig": {"dev": {"Memory": 256, "LogLevel": "DEBUG"}, "prod": {"Memory": 1024, "LogLevel": "WARN"}}
            \t},
            \t"Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]}},
            \t"Globals": {"Function": {"Runtime": "python3.12", "Timeout": 15, "Tracing": "Active"}},
            \t"Resources": {
            \t\t"OrdersTable": {
            \t\t\t"Type": "AWS::DynamoDB::Table",
            \t\t\t"Properties": {"TableName": {"Fn::Sub": "${AWS::StackName}-orders-${Stage}"}}
            \t\t},
            \t\t"OrdersFunction": {
            \t\t\t"Type": "AWS::Serverless::Function",
            \t\t\t"Properties": {
            \t\t\t\t"FunctionName": {"Fn::Join": ["-", [{"Ref": "AWS::StackName"}, "orders", {"Ref": "Stage"}]]},
            \t\t\t\t"CodeUri": "functions/orders",
            \t\t\t\t"Handler": "app.handler",
            \t\t\t\t"MemorySize": {"Fn::FindInMap": ["StageConfig", {"Ref": "Stage"}, "Memory"]},
            \t\t\t\t"ReservedConcurrentExecutions": {"Fn::If": ["IsProd", 50, {"Ref": "AWS::NoValue"}]},
            \t\t\t\t"Environment": {"Variables": {
            \t\t\t\t\t"TABLE_NAME": {"Ref": "OrdersTable"},
            \t\t\t\t\t"TABLE_ARN": {"Fn::GetAtt": ["OrdersTable", "Arn"]},
            \t\t\t\t\t"LOG_LEVEL": {"Fn::FindInMap": ["StageConfig", {"Ref": "Stage"}, "LogLevel"]},
            \t\t\t\t\t"REGION": {"Ref": "AWS::Region"}
            \t\t\t\t}},
            \t\t\t\t"Policies": [{"DynamoDBCrudPolicy": {"TableName": {"Ref": "OrdersTable"}}}],
            \t\t\t\t"Events": {"Create": {"Type": "HttpApi", "Properties": {"Path": "/orders", "Method": "post"}}}
            \t\t\t}
            \t\t}
            \t},
            \t"Outputs": {"Api": {"Value": {"Fn::Sub": "https://${ServerlessHttpApi}.execute-api.${AWS::Region}.amazonaws.com"}}}
            }
            """, name: "template.json", overrides: ["Stage": "prod"])
        let function = try #require(stack.function("OrdersFunction"))
        #expect(function.name == "demo-orders-prod")
        #expect(function.code == .directory(code))
        #expect(function.settings.memorySize == 1024)
        #expect(function.settings.timeout == 15)
        #expect(function.settings.tracingMode == "Active")
        #expect(function.reservedConcurrency == 50)
        #expect(
            function.settings.environment == [
                "TABLE_NAME": "demo-orders-prod",
                "TABLE_ARN": "arn:aws:dynamodb:eu-west-1:123456789012:table/demo-orders-prod",
                "LOG_LEVEL": "WARN", "REGION": "eu-west-1",
            ])
        #expect(
            function.events == [
                StackFunctionEvent(
                    name: "Create", type: "HttpApi",
                    properties: .map([
                        TemplateEntry(key: "Path", value: .string("/orders"), line: 33),
                        TemplateEntry(key: "Method", value: .string("post"), line: 33),
                    ]))
            ])
        #expect(
            stack.findings.map { "\($0.logicalId) \($0.path): \($0.treatment.rawValue)" } == [
                "OrdersTable Type: ignored", "OrdersTable References: approximated",
                "OrdersFunction Properties.Policies: ignored",
            ])
        #expect(stack.apis.map(\.logicalId) == ["ServerlessHttpApi"])
        #expect(stack.templatePath == project.root.appendingPathComponent("template.json").standardizedFileURL.path)
        #expect(stack.stackName == "demo")
    }

    @Test("a directory is searched for template.yaml, template.yml, then template.json")
    func directory() throws {
        let project = try TemporaryProject()
        try project.write("template.yml", "Resources:\n  T: {Type: AWS::SNS::Topic}\n")
        let stack = try TemplateLoader(context: TemporaryProject.context).load(path: project.path)
        #expect(stack.templatePath.hasSuffix("/template.yml"))
        let missing = project.root.appendingPathComponent("nowhere.yaml").path
        #expect(throws: TemplateError(file: missing, message: "no such file")) {
            try TemplateLoader(context: TemporaryProject.context).load(path: missing)
        }
    }

    @Test("malformed YAML in a template file is an error naming its line")
    func malformed() throws {
        let error = try TemporaryProject().error("Resources:\n  Fn:\n    Type: [unclosed\n  Other: x\n")
        #expect(error?.line != nil)
        #expect(error?.message.hasPrefix("malformed YAML") == true)
    }

    static let formatErrors: [(String, String)] = [
        ("Resources: {}\n", "the template has no Resources"),
        ("- a\n- b\n", "the template must be a map of sections"),
        (
            "Resourcez:\n  T: {Type: AWS::SNS::Topic}\n",
            "not a template section (expected one of AWSTemplateFormatVersion, "
                + "Conditions, Description, Globals, Hooks, Mappings, Metadata, Outputs, Parameters, Resources, Rules, Transform)"
        ),
        ("Resources:\n  T: {Properties: {}}\n", "the resource has no Type"),
        ("Resources:\n  my-topic: {Type: AWS::SNS::Topic}\n", "a logical id must be alphanumeric (A-Za-z0-9)"),
        (
            "Resources:\n  Fn::ForEach::Topics: [x, [a], {}]\n",
            "Fn::ForEach (AWS::LanguageExtensions) is not supported; write the resources out"
        ),
        (
            "Parameters:\n  T: {Type: String, Default: x}\nResources:\n  T: {Type: AWS::SNS::Topic}\n",
            "T is both a parameter and a resource"
        ),
        ("Resources:\n  T: {Type: AWS::SNS::Topic, Properties: [a]}\n", "must be a map"),
    ]

    @Test("a template CloudFormation would refuse is an error", arguments: formatErrors)
    func formatError(template: String, message: String) throws {
        #expect(try TemporaryProject().error(template)?.message == message)
    }

    @Test("transforms Lamb cannot run and SAM resources without SAM's transform are reported")
    func transforms() throws {
        let stack = try TemporaryProject().load(
            """
            Transform: [AWS::LanguageExtensions, MyMacro]
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties: {InlineCode: x, Handler: a.b, Runtime: python3.12}
            """)
        #expect(stack.findings(of: "Template") == ["Transform.MyMacro: ignored", "Transform: approximated"])
        #expect(
            stack.findings.map(\.detail).contains(
                "MyMacro is a macro Lamb cannot run; the template is loaded as written"))
        #expect(stack.functions.count == 1)
    }

    @Test("dynamic references are left as written and reported")
    func dynamicReference() throws {
        let stack = try TemporaryProject().load(
            """
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  Code: {ZipFile: x}
                  Handler: a.b
                  Runtime: python3.12
                  Role: r
                  Environment: {Variables: {TOKEN: "{{resolve:ssm:/app/token}}"}}
            """)
        #expect(stack.function("Fn")?.settings.environment?["TOKEN"] == "{{resolve:ssm:/app/token}}")
        #expect(stack.findings(of: "Fn") == ["Properties.Environment.Variables.TOKEN: approximated"])
    }

    @Test("sam init's hello-world template loads, its API event served by the implicit REST API")
    func samInit() throws {
        let project = try TemporaryProject()
        let code = try project.directory("hello_world")
        let stack = try project.load(
            """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Description: >
              sam-app

              Sample SAM Template for sam-app
            Globals:
              Function:
                Timeout: 3
                MemorySize: 128
                LoggingConfig:
                  LogFormat: JSON
            Resources:
              HelloWorldFunction:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: hello_world/
                  Handler: app.lambda_handler
                  Runtime: python3.13
                  Architectures:
                    - x86_64
                  Events:
                    HelloWorld:
                      Type: Api
                      Properties:
                        Path: /hello
                        Method: get
              ApplicationResourceGroup:
                Type: AWS::ResourceGroups::Group
                Properties:
                  Name: !Sub ApplicationInsights-SAM-${AWS::StackName}
                  ResourceQuery:
                    Type: CLOUDFORMATION_STACK_1_0
              ApplicationInsightsMonitoring:
                Type: AWS::ApplicationInsights::Application
                Properties:
                  ResourceGroupName: !Ref ApplicationResourceGroup
                  AutoConfigurationEnabled: 'true'
            Outputs:
              HelloWorldApi:
                Description: API Gateway endpoint URL for Prod stage for Hello World function
                Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/hello/"
              HelloWorldFunctionIamRole:
                Value: !GetAtt HelloWorldFunctionRole.Arn
            """)
        let function = try #require(stack.function("HelloWorldFunction"))
        #expect(function.code == .directory(code))
        #expect(function.settings.timeout == 3)
        #expect(function.settings.logFormat == "JSON")
        #expect(function.settings.role == "arn:aws:iam::123456789012:role/demo-HelloWorldFunctionRole")
        #expect(
            stack.findings.map { "\($0.logicalId) \($0.path): \($0.treatment.rawValue)" } == [
                "ApplicationResourceGroup Type: ignored", "ApplicationInsightsMonitoring Type: ignored",
            ])
        // The implicit API is served, under the id its Ref gives.
        let api = try #require(stack.apis.first)
        #expect(api.logicalId == "ServerlessRestApi" && api.kind == .rest && api.stageName == "Prod" && api.isImplicit)
    }

    @Test("a byte-order mark before a JSON template is skipped")
    func byteOrderMark() throws {
        let stack = try TemporaryProject().load(
            "\u{FEFF}{\n\t\"Resources\": {\"T\": {\"Type\": \"AWS::SNS::Topic\"}}\n}\n", name: "template.json")
        #expect(stack.findings(of: "T") == ["Type: ignored"])
    }
}
