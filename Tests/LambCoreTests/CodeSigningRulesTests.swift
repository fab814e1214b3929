import Foundation
import LambCore
import Testing

@Suite("Code signing configurations")
struct CodeSigningRulesTests {
    let account = AccountContext(region: "us-east-1", accountId: "000000000000")
    let profile = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/MyProfile/abcdef1234"

    @Test("ids are csc- and 17 lowercase hex digits; ARNs name them in this account and region")
    func ids() throws {
        let id = CodeSigningRules.newId()
        #expect(id.range(of: "^csc-[0-9a-f]{17}$", options: .regularExpression) != nil)
        let arn = account.codeSigningConfigArn(id)
        #expect(arn == "arn:aws:lambda:us-east-1:000000000000:code-signing-config:\(id)")
        #expect(try CodeSigningRules.id(fromArn: arn, account: account) == id)
        let elsewhere = "arn:aws:lambda:eu-west-1:000000000000:code-signing-config:\(id)"
        #expect(try CodeSigningRules.id(fromArn: elsewhere, account: account) == nil)
        #expect(throws: LambError.self) { try CodeSigningRules.id(fromArn: "csc-123", account: account) }
        #expect(throws: LambError.self) {
            try CodeSigningRules.id(
                fromArn: "arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-XYZ", account: account)
        }
    }

    @Test("create needs AllowedPublishers; the policy defaults to Warn")
    func create() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let config = try CodeSigningRules.creating(
            CodeSigningConfigChange(description: "d", signingProfileVersionArns: [profile], tags: ["k": "v"]),
            id: "csc-0123456789abcdef0", now: now)
        #expect(config.untrustedArtifactOnDeployment == .warn)
        #expect(
            config.signingProfileVersionArns == [profile] && config.tags == ["k": "v"] && config.lastModified == now)
        let missing = #expect(throws: LambError.self) {
            try CodeSigningRules.creating(CodeSigningConfigChange(description: "d"), id: "csc-0123456789abcdef0")
        }
        #expect(missing?.message.contains("Value null at 'allowedPublishers'") == true)
    }

    @Test(
        "the model's limits: 1 to 20 signing profile ARNs, the policy enum, a 256-character description",
        arguments: [
            CodeSigningConfigChange(signingProfileVersionArns: []),
            CodeSigningConfigChange(
                signingProfileVersionArns: Array(repeating: "arn:aws:signer:us-east-1:123456789012:/p", count: 21)),
            CodeSigningConfigChange(signingProfileVersionArns: ["not-an-arn"]),
            CodeSigningConfigChange(
                signingProfileVersionArns: ["arn:aws:signer:us-east-1:123456789012:/p"],
                untrustedArtifactOnDeployment: "Block"),
            CodeSigningConfigChange(
                description: String(repeating: "x", count: 257),
                signingProfileVersionArns: ["arn:aws:signer:us-east-1:123456789012:/p"]),
        ])
    func limits(change: CodeSigningConfigChange) {
        #expect(throws: LambError.self) { try CodeSigningRules.creating(change, id: "csc-0123456789abcdef0") }
    }

    @Test("an update changes what it names and moves LastModified")
    func update() throws {
        let config = try CodeSigningRules.creating(
            CodeSigningConfigChange(description: "before", signingProfileVersionArns: [profile]),
            id: "csc-0123456789abcdef0",
            now: Date(timeIntervalSince1970: 0))
        let updated = try CodeSigningRules.updating(
            config, with: CodeSigningConfigChange(untrustedArtifactOnDeployment: "Enforce"),
            now: Date(timeIntervalSince1970: 10))
        #expect(updated.description == "before" && updated.signingProfileVersionArns == [profile])
        #expect(updated.untrustedArtifactOnDeployment == .enforce && updated.lastModified.timeIntervalSince1970 == 10)
        var empty = CodeSigningConfigChange()
        empty.allowedPublishers = .init(signingProfileVersionArns: nil)
        #expect(throws: LambError.self) { try CodeSigningRules.updating(config, with: empty) }
    }
}

@Suite("Runtime management and recursion configurations")
struct FunctionConfigRulesTests {
    let runtimeArn =
        "arn:aws:lambda:us-east-1::runtime:8eeff65f6809a3ce81507fe733fe09b835899b99481ba22fd75b5a7338290ec1"

    @Test("Manual keeps its runtime version ARN; the other modes answer none")
    func modes() throws {
        let manual = try RuntimeManagementConfig.requested(updateRuntimeOn: "Manual", runtimeVersionArn: runtimeArn)
        #expect(manual.updateRuntimeOn == .manual && manual.runtimeVersionArn == runtimeArn)
        let auto = try RuntimeManagementConfig.requested(updateRuntimeOn: "Auto", runtimeVersionArn: runtimeArn)
        #expect(auto == .automatic && auto.runtimeVersionArn == nil)
        let onUpdate = try RuntimeManagementConfig.requested(updateRuntimeOn: "FunctionUpdate", runtimeVersionArn: nil)
        #expect(onUpdate.updateRuntimeOn == .functionUpdate)
    }

    @Test(
        "a missing or unknown mode, Manual without an ARN, or a malformed ARN is refused",
        arguments: [
            (String?.none, String?.none), ("Sometimes", nil), ("Manual", nil),
            ("Manual", "arn:aws:lambda:us-east-1::layer:x"),
            ("Manual", "arn:aws:lambda:us-east-1::runtime:"),
        ])
    func refusals(mode: String?, arn: String?) {
        #expect(throws: LambError.self) {
            try RuntimeManagementConfig.requested(updateRuntimeOn: mode, runtimeVersionArn: arn)
        }
    }

    @Test("recursion: Allow or Terminate, required; a function without one terminates loops")
    func recursion() throws {
        #expect(try RecursiveLoop.requested("Allow") == .allow)
        #expect(try RecursiveLoop.requested("Terminate") == .terminate)
        #expect(throws: LambError.self) { try RecursiveLoop.requested(nil) }
        #expect(throws: LambError.self) { try RecursiveLoop.requested("allow") }
        let settings = FunctionSettings(runtime: "python3.12", handler: "app.handler", role: "arn:aws:iam::1:role/r")
        var record = FunctionRecord(
            latest: FunctionDefinition(
                name: "f", settings: settings, code: CodeReference(sha256: "x", size: 1, blobName: "x")))
        #expect(record.recursiveLoop == .terminate)
        record.recursionConfig = .allow
        #expect(record.recursiveLoop == .allow)
    }

    @Test("a record stored before recursion configs existed still decodes, and terminates loops")
    func oldRecords() throws {
        let settings = FunctionSettings(runtime: "python3.12", handler: "app.handler", role: "arn:aws:iam::1:role/r")
        let record = FunctionRecord(
            latest: FunctionDefinition(
                name: "f", settings: settings, code: CodeReference(sha256: "x", size: 1, blobName: "x")))
        let data = try JSONEncoder().encode(record)
        #expect(!String(decoding: data, as: UTF8.self).contains("recursionConfig"))
        #expect(try JSONDecoder().decode(FunctionRecord.self, from: data).recursiveLoop == .terminate)
    }
}
