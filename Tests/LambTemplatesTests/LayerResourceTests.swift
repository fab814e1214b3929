import Foundation
import LambCore
import Testing

@testable import LambTemplates

@Suite("Layer resources")
struct LayerResourceTests {
    static let template = """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              InlineCode: x
              Handler: index.handler
              Runtime: python3.12
              Layers:
                - !Ref Deps
                - !Ref Cfn
                - arn:aws:lambda:eu-west-1:999999999999:layer:public:7
          Deps:
            Type: AWS::Serverless::LayerVersion
            Metadata: {BuildMethod: python3.12}
            Properties:
              LayerName: deps
              ContentUri: layers/deps
              CompatibleRuntimes: [python3.12, python3.13]
              CompatibleArchitectures: [x86_64]
              Description: Dependencies
              LicenseInfo: MIT
              RetentionPolicy: Retain
          Cfn:
            Type: AWS::Lambda::LayerVersion
            Properties:
              Content: layers/cfn.zip
        """

    @Test("without known references, a template layer's ARN is predicted as version 1")
    func predicted() throws {
        let project = try TemporaryProject()
        let directory = try project.directory("layers/deps")
        let zip = try project.write("layers/cfn.zip", "PK")
        let stack = try project.load(Self.template)
        #expect(stack.layers.map(\.logicalId) == ["Deps", "Cfn"])
        let deps = try #require(stack.layers.first)
        #expect(deps.name == "deps")
        #expect(deps.content == .directory(directory))
        #expect(deps.buildMethod == "python3.12")
        #expect(
            deps.settings
                == LayerVersionSettings(
                    description: "Dependencies", compatibleRuntimes: ["python3.12", "python3.13"],
                    compatibleArchitectures: ["x86_64"], licenseInfo: "MIT"))
        #expect(stack.layers[1].name == "Cfn")
        #expect(stack.layers[1].content == .zipFile(zip))
        let function = try #require(stack.function("Fn"))
        #expect(
            function.settings.layers == [
                "arn:aws:lambda:eu-west-1:123456789012:layer:deps:1",
                "arn:aws:lambda:eu-west-1:123456789012:layer:Cfn:1",
                "arn:aws:lambda:eu-west-1:999999999999:layer:public:7",
            ])
        #expect(function.layerLogicalIds == ["Deps", "Cfn"])
        // RetentionPolicy has no meaning locally and is accepted quietly.
        #expect(stack.findings.isEmpty)
    }

    @Test("with known references, Ref gives the version Lamb published")
    func known() throws {
        let project = try TemporaryProject()
        try project.directory("layers/deps")
        try project.write("layers/cfn.zip", "PK")
        let stack = try project.load(
            Self.template, known: ["Deps": "arn:aws:lambda:eu-west-1:123456789012:layer:deps:4"])
        let function = try #require(stack.function("Fn"))
        #expect(function.settings.layers?.first == "arn:aws:lambda:eu-west-1:123456789012:layer:deps:4")
        #expect(function.layerLogicalIds == ["Deps", "Cfn"])
    }

    @Test("a layer whose content is missing is an error; S3 content is kept and reported")
    func content() throws {
        let project = try TemporaryProject()
        let error = try project.error(
            """
            Resources:
              L:
                Type: AWS::Lambda::LayerVersion
                Properties:
                  Content: layers/missing
            """)
        #expect(error?.property == "Properties.Content")
        #expect(error?.message == "no such directory: layers/missing")
        let stack = try project.load(
            """
            Resources:
              L:
                Type: AWS::Lambda::LayerVersion
                Properties:
                  LayerName: arn:aws:lambda:eu-west-1:123456789012:layer:named
                  Content: {S3Bucket: b, S3Key: k.zip}
            """)
        #expect(stack.layers.first?.content == .s3(bucket: "b", key: "k.zip"))
        #expect(stack.layers.first?.name == "named")
        #expect(stack.findings(of: "L") == ["Properties.Content: skipped"])
    }
}
