import Foundation
import LambCore
import Testing

@testable import LambTemplates

/// What Lambda, SAM or CloudFormation would refuse in a function, refused at load time with the property named.
@Suite("Function validation")
struct FunctionValidationTests {
    @Test("a CodeUri that does not exist is an error naming the function, the property and the line")
    func missingCodeUri() throws {
        let project = try TemporaryProject()
        let error = try project.error(
            """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              HelloFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  CodeUri: src/hello
            """)
        let file = project.root.appendingPathComponent("template.yaml").path
        #expect(error?.description == "\(file):8: HelloFunction Properties.CodeUri: no such directory: src/hello")
    }

    static let refusals: [(String, String, String)] = [
        ("Handler", "Runtime: python3.12\n      InlineCode: x", "is required for a zip function"),
        ("Runtime", "Handler: a.b\n      InlineCode: x", "is required for a zip function"),
        (
            "ProvisionedConcurrencyConfig",
            "Handler: a.b\n      Runtime: python3.12\n      InlineCode: x\n      "
                + "ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 1}",
            "needs AutoPublishAlias (SAM puts it on the alias)"
        ),
        (
            "AutoPublishAlias",
            "Handler: a.b\n      Runtime: python3.12\n      InlineCode: x\n      AutoPublishAlias: my-alias",
            "my-alias must be alphanumeric, as SAM requires"
        ),
        (
            "MemorySize", "Handler: a.b\n      Runtime: python3.12\n      InlineCode: x\n      MemorySize: big",
            "must be a whole number, not big"
        ),
        (
            "FunctionName",
            "Handler: a.b\n      Runtime: python3.12\n      InlineCode: x\n      FunctionName: 'no spaces'",
            "no spaces is not a valid function name ([a-zA-Z0-9-_], 1 to 64 characters)"
        ),
        (
            "DeadLetterQueue.Type",
            "Handler: a.b\n      Runtime: python3.12\n      InlineCode: x\n      DeadLetterQueue: {Type: S3, TargetArn: x}",
            "must be SQS or SNS, not S3"
        ),
    ]

    @Test("what Lambda or SAM would refuse is an error on its property", arguments: refusals)
    func refused(property: String, properties: String, message: String) throws {
        let error = try TemporaryProject().error(
            "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
                + "    Properties:\n      \(properties)\n")
        #expect(error?.property == "Properties.\(property)")
        #expect(error?.message == message)
    }

    @Test("an AWS::Lambda::Function without Role is an error")
    func lambdaWithoutRole() throws {
        let error = try TemporaryProject().error(
            "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: {ZipFile: x}\n"
                + "      Handler: a.b\n      Runtime: python3.12\n")
        #expect(error?.property == "Properties.Role")
    }

    @Test("two functions with one name are an error")
    func duplicateNames() throws {
        let error = try TemporaryProject().error(
            """
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function: {Handler: a.b, Runtime: python3.12, InlineCode: x}
            Resources:
              A:
                Type: AWS::Serverless::Function
                Properties: {FunctionName: same}
              B:
                Type: AWS::Serverless::Function
                Properties: {FunctionName: same}
            """)
        #expect(error?.message == "function name same is also the name of A")
        #expect(error?.logicalId == "B")
    }

    @Test("function names may refer to each other's values; a circle of names is an error")
    func names() throws {
        let project = try TemporaryProject()
        let stack = try project.load(
            """
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function: {Handler: a.b, Runtime: python3.12, InlineCode: x}
            Resources:
              A:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionName: !Sub "${AWS::StackName}-a"
                  Environment: {Variables: {PEER: !GetAtt B.Arn}}
              B:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionName: !Sub "${A}-b"
                  Environment: {Variables: {PEER: !Ref A}}
            """)
        #expect(stack.functions.map(\.name) == ["demo-a", "demo-a-b"])
        #expect(
            stack.function("A")?.settings.environment?["PEER"]
                == "arn:aws:lambda:eu-west-1:123456789012:function:demo-a-b")
        #expect(stack.function("B")?.settings.environment?["PEER"] == "demo-a")
        let error = try project.error(
            """
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function: {Handler: a.b, Runtime: python3.12, InlineCode: x}
            Resources:
              A:
                Type: AWS::Serverless::Function
                Properties: {FunctionName: !Sub "${B}-a"}
              B:
                Type: AWS::Serverless::Function
                Properties: {FunctionName: !Sub "${A}-b"}
            """)
        #expect(error?.message == "circular reference: A → B → A")
    }
}
