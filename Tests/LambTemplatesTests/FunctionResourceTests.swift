import Foundation
import LambCore
import Testing

@testable import LambTemplates

@Suite("Function resources")
struct FunctionResourceTests {
    @Test("a SAM function with every property Lamb uses")
    func serverlessFunction() throws {
        let project = try TemporaryProject()
        let code = try project.directory("src/hello")
        let stack = try project.load(
            """
            AWSTemplateFormatVersion: "2010-09-09"
            Transform: AWS::Serverless-2016-10-31
            Resources:
              HelloFunction:
                Type: AWS::Serverless::Function
                Metadata:
                  BuildMethod: python3.12
                Properties:
                  FunctionName: hello
                  CodeUri: src/hello/
                  Handler: app.handler
                  Runtime: python3.12
                  Description: Says hello
                  MemorySize: "512"
                  Timeout: 30
                  Architectures: [arm64]
                  EphemeralStorage: {Size: 1024}
                  Tracing: Active
                  KmsKeyArn: arn:aws:kms:eu-west-1:123456789012:key/k
                  ReservedConcurrentExecutions: 5
                  SnapStart: {ApplyOn: PublishedVersions}
                  LoggingConfig:
                    LogFormat: JSON
                    ApplicationLogLevel: DEBUG
                    SystemLogLevel: WARN
                    LogGroup: /custom/hello
                  Environment:
                    Variables:
                      COUNT: 3
                      DEBUG: true
                      NAME: world
                      EMPTY:
                  Role: arn:aws:iam::123456789012:role/given
                  Tags: {team: platform}
                  DeadLetterQueue:
                    Type: SQS
                    TargetArn: arn:aws:sqs:eu-west-1:123456789012:dlq
                  AutoPublishAlias: live
                  AutoPublishCodeSha256: abc
                  ProvisionedConcurrencyConfig:
                    ProvisionedConcurrentExecutions: 2
                  EventInvokeConfig:
                    MaximumEventAgeInSeconds: 600
                    MaximumRetryAttempts: 1
                    DestinationConfig:
                      OnSuccess:
                        Type: Lambda
                        Destination: !GetAtt Other.Arn
                      OnFailure:
                        Type: SQS
              Other:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: src/hello
                  Handler: app.other
                  Runtime: python3.12
            """)
        let hello = try #require(stack.function("HelloFunction"))
        #expect(hello.name == "hello")
        #expect(hello.code == .directory(code))
        #expect(hello.buildMethod == "python3.12")
        var expected = FunctionSettingsPatch()
        expected.handler = "app.handler"
        expected.runtime = "python3.12"
        expected.role = "arn:aws:iam::123456789012:role/given"
        expected.description = "Says hello"
        expected.memorySize = 512
        expected.timeout = 30
        expected.architectures = ["arm64"]
        expected.ephemeralStorageSize = 1024
        expected.tracingMode = "Active"
        expected.kmsKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/k"
        expected.snapStartApplyOn = "PublishedVersions"
        expected.logFormat = "JSON"
        expected.applicationLogLevel = "DEBUG"
        expected.systemLogLevel = "WARN"
        expected.logGroup = "/custom/hello"
        expected.environment = ["COUNT": "3", "DEBUG": "true", "NAME": "world", "EMPTY": ""]
        expected.deadLetterTargetArn = "arn:aws:sqs:eu-west-1:123456789012:dlq"
        #expect(hello.settings == expected)
        #expect(hello.reservedConcurrency == 5)
        #expect(hello.autoPublishAlias == "live")
        #expect(hello.provisionedConcurrency == 2)
        #expect(hello.tags == ["team": "platform", "lambda:createdBy": "SAM"])
        #expect(
            hello.eventInvokeConfig
                == EventInvokeConfigPatch(
                    maximumRetryAttempts: 1, maximumEventAgeInSeconds: 600, hasDestinationConfig: true,
                    onSuccess: "arn:aws:lambda:eu-west-1:123456789012:function:Other",
                    onFailure: "arn:aws:sqs:eu-west-1:123456789012:demo-HelloFunctionEventInvokeConfigOnFailureQueue"))
        #expect(
            stack.findings(of: "HelloFunction") == [
                "Properties.EventInvokeConfig.DestinationConfig.OnFailure: approximated"
            ])
        let other = try #require(stack.function("Other"))
        #expect(other.name == "Other")
        #expect(other.settings.role == "arn:aws:iam::123456789012:role/demo-OtherRole")
        #expect(other.tags == ["lambda:createdBy": "SAM"])
    }

    @Test("an AWS::Lambda::Function with CloudFormation's spellings")
    func lambdaFunction() throws {
        let stack = try TemporaryProject().load(
            """
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  Code:
                    ZipFile: |
                      def handler(event, context):
                          return 1
                  Handler: index.handler
                  Runtime: python3.12
                  Role: !GetAtt FnRole.Arn
                  TracingConfig: {Mode: PassThrough}
                  DeadLetterConfig: {TargetArn: !Ref Topic}
                  Tags:
                    - {Key: team, Value: a}
                    - {Key: n, Value: 1}
              FnRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument: {}
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: dead
            """)
        let fn = try #require(stack.function("Fn"))
        #expect(fn.code == .inline("def handler(event, context):\n    return 1\n"))
        #expect(fn.settings.role == "arn:aws:iam::123456789012:role/demo-FnRole")
        #expect(fn.settings.tracingMode == "PassThrough")
        #expect(fn.settings.deadLetterTargetArn == "arn:aws:sns:eu-west-1:123456789012:dead")
        #expect(fn.tags == ["team": "a", "n": "1"])
        #expect(fn.autoPublishAlias == nil)
        #expect(
            stack.findings.map(\.description) == [
                "FnRole References: approximated — AWS::IAM::Role is not created; Ref and Fn::GetAtt give made-up values "
                    + "such as arn:aws:iam::123456789012:role/demo-FnRole",
                "Topic References: approximated — AWS::SNS::Topic is not created; Ref and Fn::GetAtt give made-up values "
                    + "such as arn:aws:sns:eu-west-1:123456789012:dead",
                "FnRole Type: ignored — AWS::IAM::Role is not emulated; Lamb does not create it",
                "Topic Type: ignored — AWS::SNS::Topic is not emulated; Lamb does not create it",
            ])
    }

    @Test("inline code, a zip file and S3 locations")
    func codeSources() throws {
        let project = try TemporaryProject()
        let zip = try project.write("build/fn.zip", "PK")
        let stack = try project.load(
            """
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function: {Handler: index.handler, Runtime: nodejs20.x}
            Resources:
              Inline:
                Type: AWS::Serverless::Function
                Properties:
                  InlineCode: "exports.handler = async () => 1"
              Zipped:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: build/fn.zip
              OnS3:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: s3://bucket/key.zip
              OnS3Map:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: {Bucket: b, Key: k}
              Cfn:
                Type: AWS::Lambda::Function
                Properties:
                  Code: {S3Bucket: b2, S3Key: k2}
                  Handler: index.handler
                  Runtime: nodejs20.x
                  Role: r
            """)
        #expect(stack.function("Inline")?.code == .inline("exports.handler = async () => 1"))
        #expect(stack.function("Zipped")?.code == .zipFile(zip))
        #expect(stack.function("OnS3")?.code == .s3(bucket: "bucket", key: "key.zip"))
        #expect(stack.function("OnS3Map")?.code == .s3(bucket: "b", key: "k"))
        #expect(stack.function("Cfn")?.code == .s3(bucket: "b2", key: "k2"))
        #expect(stack.findings(of: "OnS3") == ["Properties.CodeUri: skipped"])
        #expect(stack.findings(of: "Cfn") == ["Properties.Code: skipped"])
    }

    @Test("container image functions: ImageUri, ImageConfig, no runtime or handler")
    func image() throws {
        let stack = try TemporaryProject().load(
            """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Img:
                Type: AWS::Serverless::Function
                Properties:
                  PackageType: Image
                  ImageUri: repo:latest
                  ImageConfig:
                    Command: [app.handler]
                    WorkingDirectory: /srv
                  Events:
                    Api: {Type: Api, Properties: {Path: /, Method: get}}
              Cfn:
                Type: AWS::Lambda::Function
                Properties:
                  PackageType: Image
                  Role: arn:aws:iam::123456789012:role/r
                  Code: {ImageUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/fn:v1"}
            """)
        let img = try #require(stack.function("Img"))
        #expect(img.code == .image("repo:latest"))
        #expect(img.settings.packageType == .image)
        #expect(img.settings.runtime == nil && img.settings.handler == nil)
        #expect(img.settings.imageConfig == ImageSettings(command: ["app.handler"], workingDirectory: "/srv"))
        #expect(stack.findings(of: "Img").isEmpty)
        #expect(stack.function("Cfn")?.code == .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/fn:v1"))
    }

    @Test("an image sam build would make (Metadata DockerTag) is looked up by the name sam gives it")
    func imageFromMetadata() throws {
        let stack = try TemporaryProject().load(
            """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              HelloFunction:
                Type: AWS::Serverless::Function
                Properties:
                  PackageType: Image
                Metadata:
                  DockerTag: python3.12-v1
                  DockerContext: ./hello
                  Dockerfile: Dockerfile
            """)
        #expect(stack.function("HelloFunction")?.code == .image("hellofunction:python3.12-v1"))
    }

    @Test("a relative oci: path in ImageUri is the template directory's, as CodeUri paths are")
    func relativeLayout() throws {
        let project = try TemporaryProject()
        let stack = try project.load(
            """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Local:
                Type: AWS::Serverless::Function
                Properties:
                  PackageType: Image
                  ImageUri: oci:build/image:v1
            """)
        guard case .image(let uri) = stack.function("Local")?.code else {
            Issue.record("an image function")
            return
        }
        #expect(uri.hasPrefix("oci:/") && uri.hasSuffix("/build/image:v1"))
    }

    @Test("properties Lamb does not use get one finding each, events one per event the gateway does not serve")
    func findings() throws {
        let stack = try TemporaryProject().load(
            """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  InlineCode: x
                  Handler: a.b
                  Runtime: python3.12
                  VpcConfig: {SubnetIds: [s], SecurityGroupIds: [g]}
                  Policies:
                    - SQSPollerPolicy: {QueueName: !GetAtt Queue.QueueName}
                  DeploymentPreference: {Type: Canary10Percent5Minutes}
                  FunctionUrlConfig: {AuthType: NONE}
                  Frobnicate: 1
                  PropagateTags: true
                  Events:
                    Hello:
                      Type: Api
                      Properties: {Path: /hello, Method: get}
                    Nightly:
                      Type: Schedule
                      Properties: {Schedule: rate(1 day)}
                    Jobs:
                      Type: SQS
                      Properties: {Queue: !GetAtt Queue.Arn, BatchSize: 5}
              Queue:
                Type: AWS::SQS::Queue
            """)
        #expect(
            stack.findings(of: "Fn") == [
                "Properties.VpcConfig: ignored", "Properties.Policies: ignored",
                "Properties.DeploymentPreference: approximated", "Properties.Frobnicate: ignored",
            ])
        // The queue is referenced only from properties Lamb does not use and from an event: no made-up-value finding.
        #expect(stack.findings(of: "Queue") == ["Type: approximated"])
        let events = try #require(stack.function("Fn")?.events)
        #expect(events.map(\.name) == ["Hello", "Nightly", "Jobs"])
        #expect(events.map(\.type) == ["Api", "Schedule", "SQS"])
        #expect(events[2].properties["Queue"] == .string("arn:aws:sqs:eu-west-1:123456789012:demo-Queue"))
        #expect(events[2].properties["BatchSize"] == .number("5"))
        // Api events are routes of the gateway: no finding.
        #expect(!stack.findings.contains { $0.path == "Properties.Events.Hello" })
        #expect(stack.function("Fn")?.functionURL == StackFunctionURL(authType: .none))
    }
}
