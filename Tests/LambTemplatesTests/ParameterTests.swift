import Foundation
import LambCore
import Testing

@testable import LambTemplates

@Suite("Parameters and pseudo parameters")
struct ParameterTests {
    static let template = """
        Parameters:
          Stage:
            Type: String
            Default: dev
            AllowedValues: [dev, prod]
          Memory:
            Type: Number
            Default: 256
          Subnets:
            Type: CommaDelimitedList
            Default: "a,b"
          Secret:
            Type: AWS::SSM::Parameter::Value<String>
            Default: /demo/secret
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: !Sub "fn-${Stage}"
              Code: {ZipFile: "x"}
              Handler: index.handler
              Runtime: python3.12
              Role: arn:aws:iam::123456789012:role/r
              MemorySize: !Ref Memory
              Environment:
                Variables:
                  SUBNETS: !Join ["+", !Ref Subnets]
                  SECRET: !Ref Secret
        """

    @Test("defaults apply when nothing is overridden; SSM parameter types are reported")
    func defaults() throws {
        let stack = try TemporaryProject().load(Self.template)
        let function = try #require(stack.functions.first)
        #expect(function.name == "fn-dev")
        #expect(function.settings.memorySize == 256)
        #expect(function.settings.environment == ["SUBNETS": "a+b", "SECRET": "/demo/secret"])
        #expect(
            stack.findings.map(\.description) == [
                "Parameters Secret: approximated — AWS::SSM::Parameter::Value<String>: Lamb has no access to Parameter "
                    + "Store; the value is the text given (/demo/secret), not the stored parameter's"
            ])
    }

    @Test("overrides win over defaults, and unknown overrides are ignored")
    func overrides() throws {
        let stack = try TemporaryProject().load(
            Self.template, overrides: ["Stage": "prod", "Memory": "1024", "Subnets": "x,y,z", "Other": "1"])
        let function = try #require(stack.functions.first)
        #expect(function.name == "fn-prod")
        #expect(function.settings.memorySize == 1024)
        #expect(function.settings.environment?["SUBNETS"] == "x+y+z")
    }

    static let refusals: [([String: String], String)] = [
        (["Stage": "test"], "test is not one of AllowedValues [dev, prod]"),
        (["Memory": "lots"], "lots is not a number (Type: Number)"),
    ]

    @Test("a value outside the parameter's constraints is an error naming the parameter", arguments: refusals)
    func constraints(overrides: [String: String], message: String) throws {
        let error = try TemporaryProject().error(Self.template, overrides: overrides)
        #expect(error?.message == message)
        #expect(error?.logicalId == overrides.keys.first)
    }

    static let constrained = """
        Parameters:
          Name:
            Type: String
            Default: abc
            AllowedPattern: "[a-z]+"
            MinLength: 2
            MaxLength: 5
          Count:
            Type: Number
            Default: 3
            MinValue: 1
            MaxValue: 10
        Resources:
          Topic:
            Type: AWS::SNS::Topic
        """

    static let patternCases: [([String: String], String?)] = [
        ([:], nil),
        (["Name": "ABC"], "ABC is refused: it must match AllowedPattern [a-z]+"),
        (["Name": "a"], "a is shorter than MinLength 2"),
        (["Name": "abcdef"], "abcdef is longer than MaxLength 5"),
        (["Count": "0"], "0 is less than MinValue 1"),
        (["Count": "11"], "11 is greater than MaxValue 10"),
    ]

    @Test("AllowedPattern, lengths and bounds are checked", arguments: patternCases)
    func pattern(overrides: [String: String], message: String?) throws {
        #expect(try TemporaryProject().error(Self.constrained, overrides: overrides)?.message == message)
    }

    @Test("a parameter with neither a default nor an override is an error")
    func missing() throws {
        let project = try TemporaryProject()
        let error = try project.error(
            """
            Parameters:
              Env:
                Type: String
            Resources:
              Topic:
                Type: AWS::SNS::Topic
            """)
        // The error names the file as it was given to the loader: the full path here.
        #expect(
            error?.description == "\(project.path)/template.yaml:2: Env: the parameter has no Default and no value "
                + "was given (--parameter-overrides Env=...)")
    }

    @Test("a Default written as an intrinsic is an error (parameters cannot refer to each other)")
    func defaultIntrinsic() throws {
        let error = try TemporaryProject().error(
            """
            Parameters:
              A: {Type: String, Default: !Ref B}
              B: {Type: String, Default: !Ref A}
            Resources:
              Topic: {Type: AWS::SNS::Topic}
            """)
        #expect(error?.property == "Default")
        #expect(error?.message == "must be written out (no intrinsic functions)")
    }

    @Test("an unknown parameter type is an error")
    func unknownType() throws {
        let error = try TemporaryProject().error(
            "Parameters:\n  A: {Type: Strng, Default: x}\nResources:\n  T: {Type: AWS::SNS::Topic}\n")
        #expect(error?.message == "unknown parameter type Strng")
    }

    static let partitions: [(String, String, String)] = [
        ("eu-west-1", "aws", "amazonaws.com"),
        ("cn-north-1", "aws-cn", "amazonaws.com.cn"),
        ("us-gov-west-1", "aws-us-gov", "amazonaws.com"),
    ]

    @Test("AWS::Partition and AWS::URLSuffix follow the region", arguments: partitions)
    func partition(region: String, partition: String, suffix: String) {
        let pseudo = PseudoParameters(
            context: TemplateContext(account: AccountContext(region: region, accountId: "123456789012"), stackName: "s")
        )
        #expect(pseudo.value("AWS::Partition") == .string(partition))
        #expect(pseudo.value("AWS::URLSuffix") == .string(suffix))
        #expect(pseudo.value("AWS::Region") == .string(region))
    }

    @Test("AWS::StackId is a stack ARN, the same at every load; AWS::NotificationARNs is empty")
    func stackId() {
        let pseudo = PseudoParameters(context: TemporaryProject.context)
        guard case .string(let id) = pseudo.value("AWS::StackId") else {
            Issue.record("no stack id")
            return
        }
        #expect(id.hasPrefix("arn:aws:cloudformation:eu-west-1:123456789012:stack/demo/"))
        #expect(id.split(separator: "/").last?.count == 36)
        #expect(PseudoParameters(context: TemporaryProject.context).value("AWS::StackId") == .string(id))
        #expect(pseudo.value("AWS::NotificationARNs") == .list([]))
        #expect(pseudo.value("AWS::NoValue") == nil)
        #expect(pseudo.isPseudoParameter("AWS::NoValue"))
    }
}
