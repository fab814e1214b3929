import Foundation
import LambCore
import Testing

@testable import LambTemplates

/// Intrinsics resolved through a whole load: each expression is the value of an environment variable.
@Suite("Intrinsic functions")
struct IntrinsicFunctionTests {
    /// Loads a template whose function `Fn` has `VALUE: <expression>` and returns the variable.
    func evaluate(_ expression: String, sections: String = "", resources: String = "") throws -> String? {
        let project = try TemporaryProject()
        try project.directory("src")
        let stack = try project.load(
            """
            Transform: AWS::Serverless-2016-10-31
            \(sections)
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: src
                  Handler: app.handler
                  Runtime: python3.12
                  Environment:
                    Variables:
                      VALUE: \(expression)
            \(resources)
            """)
        return stack.function("Fn")?.settings.environment?["VALUE"]
    }

    static let expressions: [(String, String)] = [
        ("!Ref AWS::Region", "eu-west-1"),
        ("{Ref: AWS::AccountId}", "123456789012"),
        ("!Sub '${AWS::StackName}-${AWS::Partition}-${AWS::URLSuffix}'", "demo-aws-amazonaws.com"),
        ("!Sub 'literal ${!NotAVariable} and $ alone'", "literal ${NotAVariable} and $ alone"),
        ("!Sub ['${A}/${B}', {A: x, B: !Ref AWS::Region}]", "x/eu-west-1"),
        ("{'Fn::Sub': ['${Fn.Arn}', {}]}", "arn:aws:lambda:eu-west-1:123456789012:function:Fn"),
        ("!Sub '${Fn}'", "Fn"),
        ("!Join [':', [a, 1, true]]", "a:1:true"),
        ("!Join ['', !GetAZs '']", "eu-west-1aeu-west-1beu-west-1c"),
        ("!Select [1, !Split [',', 'a,b,c']]", "b"),
        ("!Select ['2', !GetAZs us-east-1]", "us-east-1c"),
        ("!Base64 hello", "aGVsbG8="),
        ("!Join [',', !Cidr ['10.0.0.0/16', 3, 8]]", "10.0.0.0/24,10.0.1.0/24,10.0.2.0/24"),
        ("!Join [',', !Cidr ['2001:db8::/56', 2, 64]]", "2001:db8::/64,2001:db8:0:1::/64"),
        ("!Length [a, b, c]", "3"),
        ("!ToJsonString {a: [1, 'x'], b: {c: true}}", "{\"a\":[1,\"x\"],\"b\":{\"c\":true}}"),
        ("!ImportValue SharedTable", "imported-SharedTable"),
        ("!GetAtt Fn.Arn", "arn:aws:lambda:eu-west-1:123456789012:function:Fn"),
        ("!Ref Fn", "Fn"),
        ("!GetAtt FnRole.Arn", "arn:aws:iam::123456789012:role/demo-FnRole"),
    ]

    @Test("an intrinsic resolves to its value", arguments: expressions)
    func resolves(expression: String, expected: String) throws {
        #expect(try evaluate(expression) == expected)
    }

    @Test("Fn::FindInMap reads a mapping, with AWS::LanguageExtensions' DefaultValue for a missing key")
    func findInMap() throws {
        let mappings = """
            Mappings:
              Sizes:
                eu-west-1: {Memory: 512}
                us-east-1: {Memory: 1024}
            """
        #expect(try evaluate("!FindInMap [Sizes, !Ref AWS::Region, Memory]", sections: mappings) == "512")
        #expect(try evaluate("!FindInMap [Sizes, nowhere, Memory, {DefaultValue: 128}]", sections: mappings) == "128")
        #expect {
            try evaluate("!FindInMap [Sizes, nowhere, Memory]", sections: mappings)
        } throws: { error in
            (error as? TemplateError)?.message == "Fn::FindInMap: mapping Sizes has no nowhere.Memory"
        }
    }

    @Test("Fn::ImportValue is reported as approximated, naming the export")
    func importValueFinding() throws {
        let project = try TemporaryProject()
        let stack = try project.load(
            """
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  Code: {ZipFile: "def handler(e, c): pass"}
                  Handler: index.handler
                  Runtime: python3.12
                  Role: arn:aws:iam::123456789012:role/r
                  Environment:
                    Variables:
                      TABLE: !ImportValue SharedTable
            """)
        #expect(stack.findings.contains { $0.treatment == .approximated && $0.detail.contains("SharedTable") })
        #expect(stack.findings.first?.path == "Properties.Environment.Variables.TABLE")
    }

    @Test("an unknown Fn:: function is an error naming the resource, the property and the line")
    func unknownFunction() throws {
        let project = try TemporaryProject()
        try project.directory("src")
        let error = try project.error(
            """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: src
                  Handler: app.handler
                  Runtime: python3.12
                  Environment:
                    Variables:
                      X: {"Fn::Frobnicate": [1]}
            """)
        #expect(error?.logicalId == "Fn")
        #expect(error?.property == "Properties.Environment.Variables.X")
        #expect(error?.line == 11)
        #expect(error?.message == "unknown intrinsic function Fn::Frobnicate")
    }

    static let refusals: [(String, String)] = [
        ("!Ref Nowhere", "Nowhere is not a resource, parameter or pseudo parameter of this template"),
        ("!GetAtt Nowhere.Arn", "Nowhere is not a resource, parameter or pseudo parameter of this template"),
        ("!Sub '${Nowhere}'", "Nowhere is not a resource, parameter or pseudo parameter of this template"),
        ("!Select [5, [a]]", "Fn::Select index 5 is out of range (the list has 1 items)"),
        ("!Equals [a, b]", "Fn::Equals can only be used in Conditions (use Fn::If with a condition here)"),
        ("!Transform {Name: AWS::Include}", "Fn::Transform runs a macro; Lamb cannot run macros locally"),
        ("!Join [',', [[a]]]", "Fn::Join can only join strings, not a list"),
        ("!If [Missing, a, b]", "no condition named Missing"),
        ("!GetAtt Fn.Nope", "Fn (AWS::Serverless::Function) has no attribute Nope that Lamb knows"),
        ("!Ref Fn.Alias", "Fn has no AutoPublishAlias, so it has no alias or published version"),
        ("[a, b]", "must be a string, not a list"),
    ]

    @Test("a mistake in an intrinsic is an error", arguments: refusals)
    func refused(expression: String, message: String) throws {
        #expect {
            try evaluate(expression)
        } throws: { error in
            (error as? TemplateError)?.message == message
        }
    }

    @Test("Fn::Sub splits text and variables; ${!Name} is literal")
    func substitutionTemplate() {
        #expect(
            SubstitutionTemplate("a${B}c${!D}${ E.F }").parts == [
                .literal("a"), .variable("B"), .literal("c${D}"), .variable("E.F"),
            ])
        #expect(SubstitutionTemplate("no end ${x").parts == [.literal("no end ${x")])
    }

    @Test("Fn::Cidr cuts IPv4 and IPv6 blocks and refuses what does not fit")
    func cidr() throws {
        let block = try #require(CidrBlock("10.0.0.0/24"))
        #expect(
            try block.subnets(count: 4, hostBits: 6).get().map(\.description) == [
                "10.0.0.0/26", "10.0.0.64/26", "10.0.0.128/26", "10.0.0.192/26",
            ])
        #expect((try? block.subnets(count: 5, hostBits: 6).get()) == nil)
        #expect((try? block.subnets(count: 1, hostBits: 9).get()) == nil)
        #expect((try? block.subnets(count: 257, hostBits: 0).get()) == nil)
        #expect(CidrBlock("10.0.0/24") == nil)
        #expect(CidrBlock("10.0.0.0/33") == nil)
        let v6 = try #require(CidrBlock("fd00::/120"))
        #expect(try v6.subnets(count: 2, hostBits: 4).get().map(\.description) == ["fd00::/124", "fd00::10/124"])
    }

    @Test("Fn::ToJsonString escapes text as JSON")
    func jsonText() {
        #expect(JSONText.encode(.string("a\"b\\c\n\u{1}")) == "\"a\\\"b\\\\c\\n\\u0001\"")
        #expect(JSONText.encode(.number("0x1F")) == "\"0x1F\"")
    }
}
