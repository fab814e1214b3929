import Foundation
import LambCore
import Testing

@Suite("Function URL rules")
struct FunctionURLRulesTests {
    static let origins = ["https://example.com"]

    @Test(
        "qualifiers: an alias name is taken; a version number, an explicit $LATEST and odd characters are refused",
        arguments: [
            ("live", true), ("prod-2_x", true), ("v1", true), ("1", false), ("42", false), ("$LATEST", false),
            ("", false), ("a.b", false), (String(repeating: "a", count: 128), true),
            (String(repeating: "a", count: 129), false),
        ])
    func qualifiers(qualifier: String, valid: Bool) {
        #expect(((try? FunctionURLRules.validateQualifier(qualifier)) != nil) == valid)
    }

    @Test("no qualifier is $LATEST's URL and always valid")
    func noQualifier() throws {
        try FunctionURLRules.validateQualifier(nil)
    }

    @Test(
        "CORS values Lambda takes",
        arguments: [
            FunctionURLCors(),
            FunctionURLCors(allowOrigins: []),
            FunctionURLCors(allowOrigins: ["*"]),
            FunctionURLCors(
                allowCredentials: true, allowHeaders: ["x-a"], allowMethods: ["GET", "post", "*"],
                allowOrigins: origins, exposeHeaders: ["x-b"], maxAge: 86400),
            FunctionURLCors(allowMethods: ["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH"], allowOrigins: origins),
            FunctionURLCors(allowCredentials: false, allowOrigins: origins, maxAge: 0),
        ])
    func goodCors(cors: FunctionURLCors) throws {
        try FunctionURLRules.validate(FunctionURLChange(authType: "NONE", cors: cors), creating: true)
    }

    @Test(
        "CORS values Lambda refuses, with the words it refuses them in",
        arguments: [
            (FunctionURLCors(allowOrigins: origins, maxAge: 86401), "at 'cors.maxAge'"),
            (FunctionURLCors(allowOrigins: origins, maxAge: -1), "greater than or equal to 0"),
            (FunctionURLCors(allowMethods: ["OPTIONS"], allowOrigins: origins), "at 'cors.allowMethods'"),
            (FunctionURLCors(allowMethods: ["TRACE"], allowOrigins: origins), "TRACE is not a valid value"),
            (FunctionURLCors(allowMethods: Array(repeating: "GET", count: 7), allowOrigins: origins), "equal to 6"),
            (FunctionURLCors(allowOrigins: (0...100).map { "o\($0)" }), "at 'cors.allowOrigins'"),
            (FunctionURLCors(allowOrigins: [""]), "at 'cors.allowOrigins'"),
            (FunctionURLCors(allowOrigins: [String(repeating: "o", count: 254)]), "at 'cors.allowOrigins'"),
            (
                FunctionURLCors(allowHeaders: [String(repeating: "h", count: 1025)], allowOrigins: origins),
                "allowHeaders"
            ),
            (FunctionURLCors(allowOrigins: origins, exposeHeaders: Array(repeating: "x", count: 101)), "exposeHeaders"),
            (FunctionURLCors(allowMethods: ["GET"]), "You can't leave AllowOrigins as empty when Cors is enabled."),
            (FunctionURLCors(allowCredentials: true, allowOrigins: []), "AllowOrigins as empty"),
        ])
    func badCors(cors: FunctionURLCors, words: String) {
        #expect {
            try FunctionURLRules.validate(FunctionURLChange(authType: "NONE", cors: cors), creating: true)
        } throws: { error in
            guard let error = error as? LambError, error.code == .invalidParameterValue else { return false }
            return error.message.contains(words)
        }
    }

    @Test("every model constraint broken is counted in one message")
    func counted() {
        let change = FunctionURLChange(
            authType: "OPEN", cors: FunctionURLCors(allowOrigins: Self.origins, maxAge: 90000), invokeMode: "STREAM")
        #expect(throws: LambError.self) { try FunctionURLRules.validate(change, creating: true) }
        do throws(LambError) {
            try FunctionURLRules.validate(change, creating: true)
        } catch {
            #expect(error.message.hasPrefix("3 validation errors detected: "))
            #expect(error.message.contains("Member must satisfy enum value set: [AWS_IAM, NONE]"))
            #expect(error.message.contains("Member must satisfy enum value set: [BUFFERED, RESPONSE_STREAM]"))
        }
    }

    @Test("AuthType is required to create, not to update")
    func authTypeRequired() throws {
        #expect(throws: LambError.self) { try FunctionURLRules.validate(FunctionURLChange(), creating: true) }
        try FunctionURLRules.validate(FunctionURLChange(), creating: false)
    }

    @Test("creating defaults InvokeMode to BUFFERED; updating changes only what it names and moves the time")
    func createAndUpdate() throws {
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        let created = try FunctionURLConfig.creating(
            from: FunctionURLChange(authType: "AWS_IAM", cors: FunctionURLCors(allowOrigins: ["*"])), urlId: "x",
            now: t0)
        #expect(created.invokeMode == .buffered)
        #expect(created.authType == .awsIAM)
        #expect(created.creationTime == t0 && created.lastModifiedTime == t0)

        let t1 = t0.addingTimeInterval(60)
        let updated = try created.updating(with: FunctionURLChange(invokeMode: "RESPONSE_STREAM"), now: t1)
        #expect(updated.invokeMode == .responseStream)
        #expect(updated.authType == .awsIAM && updated.cors == created.cors && updated.urlId == "x")
        #expect(updated.creationTime == t0 && updated.lastModifiedTime == t1)

        let cleared = try updated.updating(with: FunctionURLChange(cors: FunctionURLCors()), now: t1)
        #expect(cleared.cors == FunctionURLCors())
        #expect(throws: LambError.self) {
            try updated.updating(with: FunctionURLChange(authType: "none"), now: t1)
        }
    }

    @Test("URL ids are 32 lowercase alphanumerics, different each time")
    func urlIds() {
        let ids = (0..<50).map { _ in FunctionURLRules.newURLId() }
        #expect(Set(ids).count == ids.count)
        for id in ids { #expect(FunctionURLRules.isURLId(Substring(id))) }
        var generator = SeededGenerator(seed: 7)
        var again = SeededGenerator(seed: 7)
        #expect(FunctionURLRules.newURLId(using: &generator) == FunctionURLRules.newURLId(using: &again))
    }

    @Test("the URL has Lambda's host name shape on localhost, and a Host header gives its id back")
    func addresses() {
        let id = String(repeating: "a1", count: 16)
        let url = FunctionURLRules.url(urlId: id, region: "eu-west-1", port: 3000)
        #expect(url == "http://\(id).lambda-url.eu-west-1.localhost:3000/")
        #expect(FunctionURLRules.urlId(fromHost: "\(id).lambda-url.eu-west-1.localhost:3000") == id)
        #expect(FunctionURLRules.urlId(fromHost: "\(id.uppercased()).LAMBDA-URL.us-east-1.localhost") == id)
        #expect(FunctionURLRules.urlId(fromHost: "localhost:3000") == nil)
        #expect(FunctionURLRules.urlId(fromHost: "short.lambda-url.us-east-1.localhost") == nil)
        #expect(FunctionURLRules.urlId(fromHost: "\(id).execute-api.us-east-1.localhost") == nil)
    }
}

/// A deterministic generator (SplitMix64), so a test can repeat a draw.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
