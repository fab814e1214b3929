import Foundation
import LambCore
import Testing

@Suite("Platform log lines")
struct PlatformLogTests {
    @Test("REPORT has Lambda's fields, order, tabs and trailing tab")
    func report() {
        let r = InvocationReport(requestId: "id", durationMs: 12.345, memorySizeMB: 128, maxMemoryUsedMB: 64, initDurationMs: 100.5)
        #expect(
            PlatformLog.report(r)
                == "REPORT RequestId: id\tDuration: 12.35 ms\tBilled Duration: 113 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\tInit Duration: 100.50 ms\t"
        )
    }

    @Test("a timeout and an error add Status fields")
    func status() {
        let t = InvocationReport(requestId: "id", durationMs: 3000, memorySizeMB: 128, maxMemoryUsedMB: 10, status: .timeout)
        #expect(PlatformLog.report(t).hasSuffix("Max Memory Used: 10 MB\tStatus: timeout"))
        let e = InvocationReport(
            requestId: "id", durationMs: 1, memorySizeMB: 128, maxMemoryUsedMB: 10, status: .error(type: "Runtime.ExitError"))
        #expect(PlatformLog.report(e).hasSuffix("Status: error\tError Type: Runtime.ExitError"))
    }

    @Test(
        "error types that are not Category.Reason are reported as Runtime.Unknown",
        arguments: [
            ("Runtime.ImportModuleError", "Runtime.ImportModuleError"), ("Runtime.ExitError", "Runtime.ExitError"),
            ("Function.ResponseSizeTooLarge", "Function.ResponseSizeTooLarge"),
            ("Extension.Crash", "Extension.Crash"), ("RuntimeError", "Runtime.Unknown"), ("Error", "Runtime.Unknown"),
            ("Unhandled", "Runtime.Unknown"), ("unhandled", "Runtime.Unknown"), ("Custom.Failure", "Runtime.Unknown"),
            ("Runtime.lower", "Runtime.Unknown"), ("Runtime.", "Runtime.Unknown"), ("", "Runtime.Unknown"),
        ])
    func reportedErrorTypes(type: String, reported: String) {
        #expect(PlatformLog.reportedErrorType(type) == reported)
        let r = InvocationReport(requestId: "id", durationMs: 1, memorySizeMB: 128, maxMemoryUsedMB: 10, status: .error(type: type))
        #expect(PlatformLog.report(r).hasSuffix("Status: error\tError Type: \(reported)"))
        #expect(
            PlatformLog.initReport(durationMs: 1, phase: "init", status: .error(type: type))
                == "INIT_REPORT Init Duration: 1.00 ms\tPhase: init\tStatus: error\tError Type: \(reported)")
    }

    @Test("START, END and INIT_REPORT")
    func others() {
        #expect(PlatformLog.start(requestId: "a", version: "$LATEST") == "START RequestId: a Version: $LATEST")
        #expect(PlatformLog.end(requestId: "a") == "END RequestId: a")
        #expect(
            PlatformLog.initReport(durationMs: 10007.333, phase: "init", status: .timeout)
                == "INIT_REPORT Init Duration: 10007.33 ms\tPhase: init\tStatus: timeout")
    }

    @Test("billed duration rounds up to the millisecond, and is at least 1 ms", arguments: [(0.1, 1), (1.0, 1), (1.01, 2), (395.99 + 265.72, 662)])
    func billing(ms: Double, billed: Int) {
        #expect(Billing.billedMilliseconds(ms) == billed)
    }

    @Test("durations print with two decimals", arguments: [(0.0, "0.00"), (3000, "3000.00"), (1.006, "1.01"), (12.3, "12.30")])
    func twoDecimals(value: Double, text: String) {
        #expect(PlatformLog.milliseconds(value) == text)
    }

    @Test("log stream names look like Lambda's")
    func streamName() {
        let name = LogStreamName.make(version: "$LATEST", date: Date(timeIntervalSince1970: 1_735_412_686))
        #expect(name.hasPrefix("2024/12/28/[$LATEST]"))
        #expect(name.count == "2024/12/28/[$LATEST]".count + 32)
    }

    @Test("LastModified uses Lambda's format")
    func lastModified() {
        #expect(LambdaTimestamp.lastModified(Date(timeIntervalSince1970: 1_735_412_686.553)) == "2024-12-28T19:04:46.553+0000")
        #expect(LambdaTimestamp.iso8601(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }

    @Test("runtime exits are worded as Lambda words them")
    func exits() {
        #expect(ProcessExit.exited(code: 1).lambdaDescription == "exit status 1")
        #expect(ProcessExit.signaled(signal: 9).lambdaDescription == "signal: killed")
        let (type, json) = FunctionErrorPayload.timeout(requestId: "r", timeoutSeconds: 3)
        #expect(type == "Sandbox.Timedout")
        #expect(json.contains("RequestId: r Error: Task timed out after 3.00 seconds"))
    }
}
