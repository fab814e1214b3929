import Foundation
import LambCore
import Testing

@Suite("Versions and aliases")
struct VersionRulesTests {
    @Test(
        "alias routing sends draws below the additional weight to the additional version",
        arguments: [
            (0.0, "2"), (0.099, "2"), (0.1, "1"), (0.5, "1"), (0.999, "1"),
        ])
    func routing(draw: Double, expected: String) {
        let alias = FunctionAlias(name: "live", functionVersion: "1", additionalVersionWeights: ["2": 0.1])
        #expect(alias.routedVersion(draw: draw) == expected)
    }

    @Test("over evenly spread draws the split matches the weight")
    func split() {
        let alias = FunctionAlias(name: "live", functionVersion: "1", additionalVersionWeights: ["2": 0.1])
        let draws = (0..<1000).map { Double($0) / 1000 }
        #expect(draws.filter { alias.routedVersion(draw: $0) == "2" }.count == 100)
    }

    @Test("an alias without routing always runs its version")
    func plain() {
        let alias = FunctionAlias(name: "a", functionVersion: "$LATEST")
        #expect(alias.routedVersion(draw: 0) == "$LATEST")
        #expect(alias.versions == ["$LATEST"])
    }

    @Test(
        "alias names may not be version numbers or contain other characters",
        arguments: [
            ("live", true), ("a-b_c", true), ("1a", true), ("123", false), ("", false), ("a:b", false),
            ("$LATEST", false), (String(repeating: "x", count: 129), false),
        ])
    func names(name: String, valid: Bool) {
        #expect(((try? VersionRules.validateAliasName(name)) != nil) == valid)
    }

    @Test(
        "routing refusals",
        arguments: [
            ("1", ["2": 0.5], true), ("1", [:], true), ("1", ["1": 0.5], false), ("1", ["2": 1.5], false),
            ("1", ["2": -0.1], false), ("$LATEST", ["2": 0.5], false), ("1", ["2": 0.1, "3": 0.1], false),
            ("1", ["x": 0.1], false),
        ])
    func routingRules(primary: String, weights: [String: Double], valid: Bool) {
        #expect(((try? VersionRules.validateRouting(primary: primary, weights: weights)) != nil) == valid)
    }

    @Test("a version is published only when code or configuration changed (not for a description alone)")
    func changes() {
        let code = CodeReference(sha256: "a", size: 1, blobName: "a")
        let latest = FunctionDefinition(
            name: "f", settings: FunctionSettings(runtime: "python3.12", handler: "h", role: "r"), code: code)
        var published = latest
        published.version = "1"
        published.settings.description = "v1"
        #expect(!VersionSnapshot.differs(latest, from: published))
        #expect(VersionSnapshot.differs(latest, from: nil))
        var changed = latest
        changed.settings.timeout = 9
        #expect(VersionSnapshot.differs(changed, from: published))
        changed = latest
        changed.code.sha256 = "b"
        #expect(VersionSnapshot.differs(changed, from: published))
    }
}

@Suite("Provisioned concurrency status")
struct ProvisionedConcurrencyConfigTests {
    @Test("IN_PROGRESS until every environment is ready, then READY")
    func ready() {
        var c = ProvisionedConcurrencyConfig(requested: 2)
        #expect(c.status == .inProgress && c.available == 0)
        c.environmentReady()
        #expect(c.status == .inProgress && c.allocated == 1)
        c.environmentReady()
        #expect(c.status == .ready && c.available == 2)
        c.environmentLost()
        #expect(c.status == .inProgress && c.allocated == 1)
    }

    @Test("one failed environment fails the configuration with its reason")
    func failed() {
        var c = ProvisionedConcurrencyConfig(requested: 3)
        c.environmentReady()
        c.environmentFailed(reason: "init failed")
        c.environmentReady()
        #expect(c.status == .failed && c.statusReason == "init failed" && c.allocated == 1)
    }

    @Test("the requested count must be at least 1", arguments: [nil, 0, -1] as [Int?])
    func requested(value: Int?) {
        #expect(throws: LambError.self) { try ProvisionedConcurrencyConfig.validateRequested(value) }
    }
}
