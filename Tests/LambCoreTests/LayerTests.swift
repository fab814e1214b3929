import Foundation
import Testing

@testable import LambCore

@Suite("Layers")
struct LayerTests {
    let code = CodeReference(sha256: "x", size: 10, blobName: "b")

    func version(_ name: String, _ number: Int, size: Int = 100) -> LayerVersion {
        LayerVersion(name: name, version: number, settings: LayerVersionSettings(), code: code, unzippedSize: size)
    }

    @Test(
        "layer version ARNs parse and print back",
        arguments: [
            "arn:aws:lambda:us-east-1:123456789012:layer:my-layer:3",
            "arn:aws-cn:lambda:cn-north-1:123456789012:layer:my_layer:12",
        ])
    func arnRoundTrip(_ raw: String) throws {
        let arn = try #require(LayerVersionArn.parse(raw))
        #expect(arn.description == raw)
        #expect(arn.layerArn == raw.split(separator: ":").dropLast().joined(separator: ":"))
    }

    @Test(
        "malformed layer version ARNs are refused",
        arguments: [
            "my-layer", "arn:aws:lambda:us-east-1:123456789012:layer:my-layer",
            "arn:aws:lambda:us-east-1:12345:layer:l:1",
            "arn:aws:lambda:us-east-1:123456789012:function:f:1", "arn:aws:lambda:us-east-1:123456789012:layer:l:x",
            "arn:aws:lambda:us-east-1:123456789012:layer:bad.name:1",
        ])
    func badArns(_ raw: String) {
        #expect(LayerVersionArn.parse(raw) == nil)
    }

    @Test("LayerName is a name or an unversioned layer ARN")
    func layerNames() {
        #expect(LayerVersionArn.layerName(from: "my-layer") == "my-layer")
        #expect(LayerVersionArn.layerName(from: "arn:aws:lambda:us-east-1:123456789012:layer:my-layer") == "my-layer")
        #expect(LayerVersionArn.layerName(from: "bad name") == nil)
        #expect(LayerVersionArn.layerName(from: "") == nil)
        #expect(LayerVersionArn.layerName(from: "arn:aws:lambda:us-east-1:123456789012:layer:l:1") == nil)
    }

    @Test("publish settings follow the model's constraints")
    func settings() throws {
        try LayerVersionSettings(compatibleRuntimes: ["python3.12", "nodejs20.x"], compatibleArchitectures: ["arm64"])
            .validate()
        #expect(throws: LambError.self) {
            try LayerVersionSettings(description: String(repeating: "d", count: 257)).validate()
        }
        #expect(throws: LambError.self) { try LayerVersionSettings(compatibleRuntimes: ["cobol"]).validate() }
        #expect(throws: LambError.self) { try LayerVersionSettings(compatibleArchitectures: ["sparc"]).validate() }
        #expect(throws: LambError.self) {
            try LayerVersionSettings(licenseInfo: String(repeating: "l", count: 513)).validate()
        }
        #expect(throws: LambError.self) {
            try LayerVersionSettings(compatibleRuntimes: Array(repeating: "python3.12", count: 16)).validate()
        }
    }

    @Test("a function's layers resolve in order; unknown, malformed, duplicate or too many are refused")
    func functionLayers() throws {
        let account = AccountContext(region: "us-east-1", accountId: "123456789012")
        let known = [
            account.layerVersionArn("a", 1).description: version("a", 1),
            account.layerVersionArn("b", 2).description: version("b", 2),
        ]
        let lookup: (LayerVersionArn) -> LayerVersion? = { known[$0.description] }
        let a1 = account.layerVersionArn("a", 1).description
        let b2 = account.layerVersionArn("b", 2).description
        #expect(try FunctionLayers.resolve([b2, a1], lookup: lookup).map(\.name) == ["b", "a"])
        #expect(try FunctionLayers.resolve([], lookup: lookup).isEmpty)
        func refusal(_ arns: [String]) -> String? {
            do {
                _ = try FunctionLayers.resolve(arns, lookup: lookup)
                return nil
            } catch {
                #expect(error.code == .invalidParameterValue)
                return error.message
            }
        }
        #expect(refusal([account.layerVersionArn("a", 9).description])?.contains("does not exist") == true)
        #expect(refusal(["not-an-arn"])?.contains("failed to satisfy constraint") == true)
        #expect(refusal([a1, account.layerVersionArn("a", 2).description])?.contains("same layer") == true)
        #expect(refusal(Array(repeating: a1, count: 6))?.contains("more than 5") == true)
    }

    @Test("code and layers together must fit in 250 MB unzipped")
    func combinedSize() throws {
        try FunctionLayers.checkCombinedSize(codeBytes: 1000, layers: [version("a", 1, size: 1000)])
        #expect(throws: LambError.self) {
            try FunctionLayers.checkCombinedSize(
                codeBytes: Quotas.unzippedBytes - 10, layers: [version("a", 1, size: 11)])
        }
    }

    @Test("list filters match compatible runtimes and architectures")
    func matching() {
        var layer = version("a", 1)
        #expect(layer.matches(runtime: nil, architecture: nil))
        #expect(!layer.matches(runtime: "python3.12", architecture: nil))
        layer.compatibleRuntimes = ["python3.12"]
        layer.compatibleArchitectures = ["x86_64"]
        #expect(layer.matches(runtime: "python3.12", architecture: "x86_64"))
        #expect(!layer.matches(runtime: "python3.12", architecture: "arm64"))
    }
}
