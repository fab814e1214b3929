import Foundation
import LambCore
import LambStore
import Testing

@Suite("Layer policies, code signing and runtime management in SQLite")
struct ConfigStoreTests {
    func record(_ name: String) -> FunctionRecord {
        let settings = FunctionSettings(runtime: "python3.12", handler: "app.handler", role: "arn:aws:iam::1:role/r")
        return FunctionRecord(
            latest: FunctionDefinition(
                name: name, settings: settings, code: CodeReference(sha256: "x", size: 1, blobName: "x")))
    }

    func layer(_ name: String, _ version: Int) -> LayerVersion {
        LayerVersion(
            name: name, version: version, settings: LayerVersionSettings(),
            code: CodeReference(sha256: "y", size: 1, blobName: "y"), unzippedSize: 1)
    }

    func statement(_ sid: String) -> PolicyStatement {
        PolicyStatement(
            sid: sid, principalKey: nil, principalValue: "*", action: "lambda:GetLayerVersion", resource: "arn")
    }

    @Test("a layer version's policy changes in one transaction, needs a live version, and goes with the version")
    func layerPolicies() async throws {
        let db = try LambDatabase()
        try await db.insertLayerVersion(layer("l", 1))
        let s1 = statement("s1")
        let added = try await db.changeLayerVersionPolicy(name: "l", version: 1) {
            try ResourcePolicyRules.adding(s1, to: $0, revisionId: nil)
        }
        #expect(try await db.layerVersionPolicy(name: "l", version: 1) == added)
        let s9 = statement("s9")
        #expect(
            try await db.changeLayerVersionPolicy(name: "l", version: 2) {
                try ResourcePolicyRules.adding(s9, to: $0, revisionId: nil)
            } == nil)
        try await db.markLayerVersionDeleted(name: "l", version: 1)
        #expect(try await db.layerVersionPolicy(name: "l", version: 1) == nil)
        #expect(
            try await db.changeLayerVersionPolicy(name: "l", version: 1) {
                try ResourcePolicyRules.adding(s1, to: $0, revisionId: nil)
            } == nil)
    }

    @Test("a function's code signing configuration: stored with the function, kept from deletion, gone with it")
    func codeSigning() async throws {
        let db = try LambDatabase()
        let config = CodeSigningConfig(id: "csc-0123456789abcdef0", signingProfileVersionArns: ["arn:aws:signer:::p"])
        try await db.insertCodeSigningConfig(config)
        try await db.insertFunction(record("signed"), codeSigningConfig: config.id)
        await #expect(throws: LambError.self) {
            try await db.insertFunction(record("orphan"), codeSigningConfig: "csc-fffffffffffffffff")
        }
        #expect(try await db.loadFunctions().map(\.name) == ["signed"])
        #expect(try await db.functionCodeSigningConfigId(function: "signed") == config.id)
        try await db.insertFunction(record("other"))
        #expect(try await db.setFunctionCodeSigningConfig(function: "other", id: config.id))
        #expect(try await !db.setFunctionCodeSigningConfig(function: "other", id: "csc-fffffffffffffffff"))
        #expect(try await db.functions(usingCodeSigningConfig: config.id) == ["other", "signed"])
        #expect(try await db.deleteCodeSigningConfig(id: config.id) == .usedBy(["other", "signed"]))
        try await db.deleteFunctionCodeSigningConfig(function: "other")
        try await db.deleteFunction(named: "signed")
        #expect(try await db.functions(usingCodeSigningConfig: config.id).isEmpty)
        #expect(try await db.deleteCodeSigningConfig(id: config.id) == .deleted)
        #expect(try await db.deleteCodeSigningConfig(id: config.id) == .missing)
    }

    @Test("runtime management configurations are per version and go with their function")
    func runtimeManagement() async throws {
        let db = try LambDatabase()
        try await db.insertFunction(record("f"))
        let manual = RuntimeManagementConfig(
            updateRuntimeOn: .manual, runtimeVersionArn: "arn:aws:lambda:us-east-1::runtime:lamb")
        try await db.putRuntimeManagementConfig(manual, function: "f", qualifier: "$LATEST")
        try await db.putRuntimeManagementConfig(.automatic, function: "f", qualifier: "1")
        #expect(try await db.runtimeManagementConfig(function: "f", qualifier: "$LATEST") == manual)
        try await db.deleteRuntimeManagementConfig(function: "f", qualifier: "1")
        #expect(try await db.runtimeManagementConfig(function: "f", qualifier: "1") == nil)
        await #expect(throws: LambError.self) {
            try await db.putRuntimeManagementConfig(manual, function: "missing", qualifier: "$LATEST")
        }
        try await db.deleteFunction(named: "f")
        #expect(try await db.runtimeManagementConfig(function: "f", qualifier: "$LATEST") == nil)
    }
}
