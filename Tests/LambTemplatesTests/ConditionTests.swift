import Foundation
import LambCore
import Testing

@testable import LambTemplates

@Suite("Conditions")
struct ConditionTests {
    static let template = """
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Stage: {Type: String, Default: dev}
          Count: {Type: Number, Default: 1}
        Conditions:
          IsProd: !Equals [!Ref Stage, prod]
          IsDev: !Not [!Condition IsProd]
          CountIsOne: !Equals [!Ref Count, 1]
          Both: !And [!Condition IsDev, !Condition CountIsOne]
          Either: {"Fn::Or": [{Condition: IsProd}, {"Fn::Equals": [a, b]}]}
        Resources:
          ProdOnly:
            Type: AWS::Serverless::Function
            Condition: IsProd
            Properties:
              InlineCode: "x"
              Handler: index.handler
              Runtime: python3.12
          Always:
            Type: AWS::Serverless::Function
            Properties:
              InlineCode: "x"
              Handler: index.handler
              Runtime: python3.12
              MemorySize: !If [IsProd, 1024, 128]
              Timeout: !If [Both, 7, 3]
              Description: !If [Either, either, !Ref AWS::NoValue]
              Layers:
                - arn:aws:lambda:eu-west-1:123456789012:layer:a:1
                - !If [IsProd, arn:aws:lambda:eu-west-1:123456789012:layer:b:1, !Ref AWS::NoValue]
        """

    @Test("a resource whose condition is false is dropped; Fn::If picks a branch; AWS::NoValue removes the value")
    func development() throws {
        let stack = try TemporaryProject().load(Self.template)
        #expect(stack.functions.map(\.logicalId) == ["Always"])
        let settings = try #require(stack.function("Always")?.settings)
        #expect(settings.memorySize == 128)
        #expect(settings.timeout == 7)
        #expect(settings.description == nil)
        #expect(settings.layers == ["arn:aws:lambda:eu-west-1:123456789012:layer:a:1"])
    }

    @Test("with the other parameter value, the other branches")
    func production() throws {
        let stack = try TemporaryProject().load(Self.template, overrides: ["Stage": "prod"])
        #expect(stack.functions.map(\.logicalId) == ["ProdOnly", "Always"])
        let settings = try #require(stack.function("Always")?.settings)
        #expect(settings.memorySize == 1024)
        #expect(settings.timeout == 3)
        #expect(settings.description == "either")
        #expect(settings.layers?.count == 2)
    }

    @Test("a Ref to a resource whose condition is false is an error saying so")
    func refToRemoved() throws {
        let error = try TemporaryProject().error(
            Self.template + "\n      Environment: {Variables: {X: !Ref ProdOnly}}\n")
        #expect(error?.message == "ProdOnly is not created: its condition IsProd is false")
    }

    @Test("conditions that lead back to themselves are an error")
    func circular() throws {
        let error = try TemporaryProject().error(
            """
            Conditions:
              A: !Condition B
              B: !Not [!Condition C]
              C: !And [!Condition A, !Equals [1, 1]]
            Resources:
              T: {Type: AWS::SNS::Topic}
            """)
        #expect(error?.message == "circular condition: A → B → C → A")
        #expect(error?.logicalId == "A")
    }

    @Test("a resource naming a condition that does not exist is an error")
    func unknownCondition() throws {
        let error = try TemporaryProject().error("Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Condition: Nope\n")
        #expect(error?.message == "no condition named Nope")
        #expect(error?.logicalId == "T")
    }

    @Test("a condition cannot refer to a resource")
    func conditionOnResource() throws {
        let error = try TemporaryProject().error(
            "Conditions:\n  A: !Equals [!Ref T, x]\nResources:\n  T: {Type: AWS::SNS::Topic}\n")
        #expect(error?.message == "no parameter named T (Conditions can refer to parameters, not resources)")
    }

    @Test("values are compared as text")
    func equality() {
        #expect(ConditionEvaluator.equal(.string("1"), .number("1")))
        #expect(ConditionEvaluator.equal(.bool(true), .string("true")))
        #expect(!ConditionEvaluator.equal(.string("a"), .list([.string("a")])))
        #expect(ConditionEvaluator.equal(.list([.string("a")]), .list([.string("a")])))
    }
}
