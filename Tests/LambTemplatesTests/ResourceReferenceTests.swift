import Foundation
import LambCore
import Testing

@testable import LambTemplates

@Suite("References to resources Lamb does not create")
struct ResourceReferenceTests {
    static let references: [(String, String)] = [
        ("!Ref Queue", "https://sqs.eu-west-1.amazonaws.com/123456789012/demo-Queue"),
        ("!GetAtt Queue.Arn", "arn:aws:sqs:eu-west-1:123456789012:demo-Queue"),
        ("!GetAtt Queue.QueueName", "demo-Queue"),
        ("!Ref Named", "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs"),
        ("!Ref Table", "demo-Table"),
        ("!GetAtt Table.Arn", "arn:aws:dynamodb:eu-west-1:123456789012:table/demo-Table"),
        (
            "!GetAtt Table.StreamArn",
            "arn:aws:dynamodb:eu-west-1:123456789012:table/demo-Table/stream/1970-01-01T00:00:00.000"
        ),
        ("!Ref Simple", "demo-Simple"),
        ("!Ref Bucket", "demo-bucket"),
        ("!GetAtt Bucket.Arn", "arn:aws:s3:::demo-bucket"),
        ("!Ref Topic", "arn:aws:sns:eu-west-1:123456789012:demo-Topic"),
        ("!GetAtt Topic.TopicName", "demo-Topic"),
        ("!GetAtt Role.Arn", "arn:aws:iam::123456789012:role/demo-Role"),
        ("!Ref Machine", "arn:aws:states:eu-west-1:123456789012:stateMachine:demo-Machine"),
        ("!Ref Custom", "Custom"),
        ("!GetAtt Custom.Arn", "arn:aws:cloudformation:eu-west-1:123456789012:demo-Custom"),
        ("!GetAtt Custom.Endpoint", "demo-Custom.Endpoint"),
        ("!Ref ServerlessRestApi", "ServerlessRestApi"),
    ]

    static let template = """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              InlineCode: x
              Handler: index.handler
              Runtime: python3.12
              Environment:
                Variables:
                  VALUE: %@
              Events:
                Get: {Type: Api, Properties: {Path: /, Method: get}}
          Queue: {Type: AWS::SQS::Queue}
          Named: {Type: AWS::SQS::Queue, Properties: {QueueName: jobs}}
          Table: {Type: AWS::DynamoDB::Table}
          Simple: {Type: AWS::Serverless::SimpleTable}
          Bucket: {Type: AWS::S3::Bucket}
          Topic: {Type: AWS::SNS::Topic}
          Role: {Type: AWS::IAM::Role}
          Machine: {Type: AWS::StepFunctions::StateMachine}
          Custom: {Type: AWS::CloudFormation::CustomResource}
        """

    @Test("Ref and Fn::GetAtt give values shaped like AWS's", arguments: references)
    func value(expression: String, expected: String) throws {
        let stack = try TemporaryProject().load(Self.template.replacingOccurrences(of: "%@", with: expression))
        let value = try #require(stack.function("Fn")?.settings.environment?["VALUE"])
        if expression.contains("ServerlessRestApi") {
            // A made-up API id: ten lower-case letters and digits.
            #expect(value.count == 10 && value.allSatisfy { $0.isLowercase || $0.isNumber })
        } else {
            #expect(value == expected)
        }
    }

    @Test("each referenced resource is reported once as approximated, and each resource once by type")
    func findings() throws {
        let stack = try TemporaryProject().load(
            Self.template.replacingOccurrences(
                of: "%@", with: "!Join [',', [!Ref Queue, !GetAtt Queue.Arn, !Ref Queue]]"))
        #expect(stack.findings(of: "Queue") == ["References: approximated", "Type: approximated"])
        #expect(stack.findings(of: "Table") == ["Type: ignored"])
        #expect(stack.findings(of: "Simple").first == "Type: ignored")
        #expect(stack.findings(of: "Fn") == [])
        #expect(
            stack.findings.first { $0.logicalId == "Custom" }?.description
                == "Custom Type: ignored — AWS::CloudFormation::CustomResource is not emulated; Lamb does not create it"
        )
    }

    @Test("a known reference wins over the made-up value")
    func known() throws {
        let stack = try TemporaryProject().load(
            Self.template.replacingOccurrences(of: "%@", with: "!Ref Queue"),
            known: ["Queue": "http://localhost:9324/queue/q"])
        #expect(stack.function("Fn")?.settings.environment?["VALUE"] == "http://localhost:9324/queue/q")
    }

    static let resourceTypes: [(String, String)] = [
        ("AWS::SQS::Queue", "Type: approximated"),
        ("AWS::Lambda::Url", "Type: not yet"),
        ("AWS::Serverless::Application", "Type: skipped"),
        ("AWS::Events::Rule", "Type: ignored"),
    ]

    @Test("resource types Lamb does not create get one finding each", arguments: resourceTypes)
    func resourceType(type: String, finding: String) throws {
        let stack = try TemporaryProject().load(
            "Transform: AWS::Serverless-2016-10-31\nResources:\n  R:\n    Type: \(type)\n    Properties: {}\n")
        #expect(stack.findings(of: "R") == [finding])
    }
}
