import Foundation
import LambCore
import Testing

@testable import LambTemplates

@Suite("Versions, aliases, invoke configs and permissions")
struct VersionResourceTests {
    static let template = """
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: worker
              Code: {ZipFile: x}
              Handler: index.handler
              Runtime: python3.12
              Role: arn:aws:iam::123456789012:role/r
          V1:
            Type: AWS::Lambda::Version
            Properties:
              FunctionName: !Ref Fn
              Description: first
              ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 3}
          Live:
            Type: AWS::Lambda::Alias
            Properties:
              FunctionName: !GetAtt Fn.Arn
              FunctionVersion: !GetAtt V1.Version
              Name: live
              Description: production
              RoutingConfig:
                AdditionalVersionWeights:
                  - {FunctionVersion: "2", FunctionWeight: 0.25}
              ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 1}
          Pinned:
            Type: AWS::Lambda::Alias
            Properties:
              FunctionName: arn:aws:lambda:eu-west-1:123456789012:function:worker
              FunctionVersion: $LATEST
              Name: latest
          Async:
            Type: AWS::Lambda::EventInvokeConfig
            Properties:
              FunctionName: !Ref Fn
              Qualifier: !Ref Live
              MaximumRetryAttempts: 0
              MaximumEventAgeInSeconds: 120
              DestinationConfig:
                OnFailure: {Destination: arn:aws:sqs:eu-west-1:123456789012:failed}
          Invoke:
            Type: AWS::Lambda::Permission
            Properties:
              FunctionName: !GetAtt Fn.Arn
              Action: lambda:InvokeFunction
              Principal: s3.amazonaws.com
              SourceArn: arn:aws:s3:::bucket
              SourceAccount: "123456789012"
          Env:
            Type: AWS::Lambda::Function
            Properties:
              Code: {ZipFile: x}
              Handler: index.handler
              Runtime: python3.12
              Role: arn:aws:iam::123456789012:role/r
              Environment:
                Variables:
                  VERSION_ARN: !Ref V1
                  VERSION: !GetAtt V1.Version
                  ALIAS_ARN: !Ref Live
        """

    @Test("versions, aliases, invoke configs and permissions are read, their FunctionName normalised to a name")
    func loaded() throws {
        let stack = try TemporaryProject().load(Self.template)
        #expect(
            stack.versions == [
                StackVersion(logicalId: "V1", function: "worker", description: "first", provisionedConcurrency: 3)
            ])
        #expect(
            stack.aliases == [
                StackAlias(
                    logicalId: "Live", function: "worker", name: "live", functionVersion: .versionResource("V1"),
                    description: "production", additionalVersionWeights: ["2": 0.25], provisionedConcurrency: 1),
                StackAlias(
                    logicalId: "Pinned", function: "worker", name: "latest", functionVersion: .literal("$LATEST")),
            ])
        #expect(
            stack.eventInvokeConfigs == [
                StackEventInvokeConfig(
                    logicalId: "Async", function: "worker", qualifier: "live",
                    config: EventInvokeConfigPatch(
                        maximumRetryAttempts: 0, maximumEventAgeInSeconds: 120, hasDestinationConfig: true,
                        onFailure: "arn:aws:sqs:eu-west-1:123456789012:failed"))
            ])
        #expect(
            stack.permissions == [
                StackPermission(
                    logicalId: "Invoke", function: "worker", action: "lambda:InvokeFunction",
                    principal: "s3.amazonaws.com",
                    sourceArn: "arn:aws:s3:::bucket", sourceAccount: "123456789012")
            ])
        #expect(stack.findings(of: "Invoke") == ["Type: approximated"])
        #expect(
            stack.function("Env")?.settings.environment == [
                "VERSION_ARN": "arn:aws:lambda:eu-west-1:123456789012:function:worker:1", "VERSION": "1",
                "ALIAS_ARN": "arn:aws:lambda:eu-west-1:123456789012:function:worker:live",
            ])
    }

    @Test("a known version ARN gives its number to Ref and Fn::GetAtt")
    func knownVersion() throws {
        let stack = try TemporaryProject().load(
            Self.template, known: ["V1": "arn:aws:lambda:eu-west-1:123456789012:function:worker:4"])
        #expect(stack.function("Env")?.settings.environment?["VERSION"] == "4")
        #expect(
            stack.function("Env")?.settings.environment?["VERSION_ARN"]
                == "arn:aws:lambda:eu-west-1:123456789012:function:worker:4")
        #expect(stack.aliases.first?.functionVersion == .versionResource("V1"))
    }

    @Test("SAM's AutoPublishAlias: HelloFunction.Alias, .Version and the generated alias id resolve")
    func autoPublished() throws {
        let stack = try TemporaryProject().load(
            """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Hello:
                Type: AWS::Serverless::Function
                Properties:
                  InlineCode: x
                  Handler: index.handler
                  Runtime: python3.12
                  AutoPublishAlias: live
                  FunctionUrlConfig: {AuthType: NONE}
              Caller:
                Type: AWS::Serverless::Function
                Properties:
                  InlineCode: x
                  Handler: index.handler
                  Runtime: python3.12
                  Environment:
                    Variables:
                      ALIAS: !Ref Hello.Alias
                      VERSION: !Ref Hello.Version
                      GENERATED: !Ref HelloAliaslive
                      SUB: !Sub "${Hello.Alias}"
                      URL: !GetAtt HelloUrl.FunctionUrl
            """)
        #expect(
            stack.function("Caller")?.settings.environment == [
                "ALIAS": "arn:aws:lambda:eu-west-1:123456789012:function:Hello:live",
                "VERSION": "arn:aws:lambda:eu-west-1:123456789012:function:Hello:1",
                "GENERATED": "arn:aws:lambda:eu-west-1:123456789012:function:Hello:live",
                "SUB": "arn:aws:lambda:eu-west-1:123456789012:function:Hello:live",
                "URL": "https://hello.lambda-url.eu-west-1.on.aws/",
            ])
        #expect(stack.findings(of: "HelloUrl") == ["References: approximated"])
    }

    static let refusals: [(String, String, String)] = [
        ("AWS::Lambda::Version", "{}", "is required"),
        (
            "AWS::Lambda::Alias", "{FunctionName: 'arn:aws:s3:::x', FunctionVersion: '1', Name: a}",
            "arn:aws:s3:::x is not a function name or ARN"
        ),
        ("AWS::Lambda::EventInvokeConfig", "{FunctionName: f, MaximumRetryAttempts: 1}", "is required"),
        ("AWS::Lambda::Alias", "{FunctionName: !Ref R, FunctionVersion: '1', Name: a}", "circular reference: R → R"),
        ("AWS::Lambda::Version", "{FunctionName: !GetAtt R.Version}", "circular reference: R → R"),
        ("AWS::Lambda::Permission", "{FunctionName: f, Principal: p}", "is required"),
    ]

    @Test("missing or malformed properties are errors", arguments: refusals)
    func refused(type: String, properties: String, message: String) throws {
        let error = try TemporaryProject().error("Resources:\n  R:\n    Type: \(type)\n    Properties: \(properties)\n")
        #expect(error?.logicalId == "R")
        #expect(error?.message == message)
    }
}
