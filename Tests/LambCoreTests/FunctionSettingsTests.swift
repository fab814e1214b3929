import LambCore
import Testing

/// A runtime catalogue that knows exactly the runtimes it is given.
struct FixedRuntimes: RuntimeAvailability {
    var available: Set<String> = ["python3.11", "provided.al2023"]
    func unavailabilityReason(for runtime: String) -> String? {
        available.contains(runtime) ? nil : "Runtime \(runtime) is not available on this host."
    }
}

@Suite("FunctionSettings validation")
struct FunctionSettingsTests {
    func valid() -> FunctionSettingsPatch {
        var p = FunctionSettingsPatch()
        p.runtime = "python3.11"
        p.handler = "app.handler"
        p.role = "arn:aws:iam::123456789012:role/lambda"
        return p
    }

    @Test("a minimal create gets Lambda's defaults")
    func defaults() throws {
        let s = try FunctionSettings.creating(from: valid(), runtimes: FixedRuntimes())
        #expect(s.memorySize == 128)
        #expect(s.timeout == 3)
        #expect(s.ephemeralStorageSize == 512)
        #expect(s.architectures == ["x86_64"])
        #expect(s.tracingMode == "PassThrough")
    }

    @Test(
        "out-of-range numbers are refused with InvalidParameterValueException",
        arguments: [
            (127, 3, 512), (10241, 3, 512), (128, 0, 512), (128, 901, 512), (128, 3, 511), (128, 3, 10241),
        ])
    func ranges(memory: Int, timeout: Int, storage: Int) {
        var p = valid()
        p.memorySize = memory
        p.timeout = timeout
        p.ephemeralStorageSize = storage
        #expect(throws: LambError.self) { try FunctionSettings.creating(from: p, runtimes: FixedRuntimes()) }
    }

    @Test("the limits themselves are accepted", arguments: [(128, 1), (10240, 900)])
    func edges(memory: Int, timeout: Int) throws {
        var p = valid()
        p.memorySize = memory
        p.timeout = timeout
        _ = try FunctionSettings.creating(from: p, runtimes: FixedRuntimes())
    }

    @Test("unknown and unavailable runtimes are refused, naming the problem", arguments: ["cobol", "python2.7", "python3.13"])
    func runtimes(runtime: String) {
        var p = valid()
        p.runtime = runtime
        do {
            _ = try FunctionSettings.creating(from: p, runtimes: FixedRuntimes())
            Issue.record("accepted \(runtime)")
        } catch let error as LambError {
            #expect(error.code == .invalidParameterValue)
            #expect(error.message.contains(runtime))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("environment variables: reserved keys, bad keys and more than 4 KB are refused")
    func environment() {
        for variables in [["AWS_REGION": "x"], ["1BAD": "x"], ["A": "x"], ["BIG": String(repeating: "x", count: 4100)]] {
            var p = valid()
            p.environment = variables
            #expect(throws: LambError.self) { try FunctionSettings.creating(from: p, runtimes: FixedRuntimes()) }
        }
        var p = valid()
        p.environment = ["GOOD_KEY": "v", "AB": String(repeating: "x", count: 4000)]
        #expect(throws: Never.self) { try FunctionSettings.creating(from: p, runtimes: FixedRuntimes()) }
    }

    @Test("a missing role or a malformed one is refused")
    func role() {
        var p = valid()
        p.role = nil
        #expect(throws: LambError.self) { try FunctionSettings.creating(from: p, runtimes: FixedRuntimes()) }
        p.role = "not-an-arn"
        #expect(throws: LambError.self) { try FunctionSettings.creating(from: p, runtimes: FixedRuntimes()) }
    }

    @Test("a failed patch leaves the settings as they were")
    func patchIsAtomic() throws {
        let s = try FunctionSettings.creating(from: valid(), runtimes: FixedRuntimes())
        var patch = FunctionSettingsPatch()
        patch.memorySize = 512
        patch.timeout = 5000
        #expect(throws: LambError.self) { try s.applying(patch, runtimes: FixedRuntimes()) }
        #expect(s.memorySize == 128)
        patch.timeout = 30
        let next = try s.applying(patch, runtimes: FixedRuntimes())
        #expect(next.memorySize == 512 && next.timeout == 30)
    }
}
