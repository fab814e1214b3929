import Foundation
import LambCore
import LambEngine
import Testing

@Suite("InvocationEngine with real processes", .serialized)
struct InvocationEngineTests {
    @Test("the first invocation is cold, the next ones are warm on the same environment")
    func coldThenWarm() async throws {
        let h = try EngineHarness()
        let f = try h.function("counter", prelude: "N=0; echo init-ran", handler: #"N=$((N+1)); echo "handled $N"; respond "{\"n\":$N}""#)
        let first = try await h.invoke(f)
        #expect(first.text == #"{"n":1}"#)
        #expect(first.coldStart)
        #expect(first.report.initDurationMs != nil)
        #expect(first.logTail?.contains("init-ran") == true)
        #expect(first.logTail?.contains("Init Duration:") == true)
        let second = try await h.invoke(f)
        #expect(second.text == #"{"n":2}"#)
        #expect(!second.coldStart)
        #expect(second.logTail?.contains("Init Duration") == false)
        #expect(second.logTail?.contains("handled 2") == true)
        #expect(second.logTail?.hasPrefix("START RequestId: \(second.requestId) Version: $LATEST") == true)
        await h.close()
    }

    @Test("a function error is a 200-style result with the runtime's error JSON, and the environment stays warm")
    func functionError() async throws {
        let h = try EngineHarness()
        let f = try h.function("errs", handler: #"fail '{"errorType":"MyError","errorMessage":"boom"}'"#)
        let r = try await h.invoke(f)
        #expect(r.functionError == "Unhandled")
        #expect(r.errorType == "MyError")
        #expect(r.text.contains("boom"))
        let again = try await h.invoke(f)
        #expect(!again.coldStart)
        await h.close()
    }

    @Test("a runtime that exits during an invocation gives Runtime.ExitError; the next invocation is cold and works")
    func crash() async throws {
        let h = try EngineHarness()
        let marker = h.root.appendingPathComponent("crashed").path
        let f = try h.function(
            "crashy", handler: "if [ ! -f \(marker) ]; then touch \(marker); exit 3; fi; respond '\"ok\"'")
        let r = try await h.invoke(f)
        #expect(r.errorType == "Runtime.ExitError")
        #expect(r.text.contains("Runtime exited with error: exit status 3"))
        #expect(r.logTail?.contains("Status: error\tError Type: Runtime.ExitError") == true)
        let next = try await h.invoke(f)
        #expect(next.coldStart)
        #expect(next.text == "\"ok\"")
        await h.close()
    }

    @Test("at the deadline the environment is killed and the caller gets Sandbox.Timedout")
    func timeout() async throws {
        let h = try EngineHarness()
        let f = try h.function("sleepy", timeout: 1, handler: "sleep 30; respond '1'")
        let r = try await h.invoke(f)
        #expect(r.functionError == "Unhandled")
        #expect(r.errorType == "Sandbox.Timedout")
        #expect(r.text.contains("Task timed out after 1.00 seconds"))
        #expect(r.report.durationMs == 1000)
        #expect(r.logTail?.contains("Status: timeout") == true)
        let next = try await h.invoke(f)
        #expect(next.coldStart)
        await h.close()
    }

    @Test("a runtime that dies during init fails the invocation with INIT_REPORT in the log")
    func initCrash() async throws {
        let h = try EngineHarness()
        let f = try h.function("badinit", prelude: "echo dying; exit 2", handler: "respond 1")
        let r = try await h.invoke(f)
        #expect(r.errorType == "Runtime.ExitError")
        #expect(r.text.contains("exit status 2"))
        #expect(r.logTail?.contains("INIT_REPORT Init Duration:") == true)
        #expect(r.logTail?.contains("dying") == true)
        await h.close()
    }

    @Test("an init that outlasts the init timeout fails with Status: timeout")
    func initTimeout() async throws {
        let h = try EngineHarness(initTimeout: .milliseconds(300))
        let f = try h.function("slowinit", prelude: "sleep 30", handler: "respond 1")
        let r = try await h.invoke(f)
        #expect(r.errorType == "Sandbox.Timedout")
        #expect(r.logTail?.contains("Phase: init\tStatus: timeout") == true)
        await h.close()
    }

    @Test("concurrent invocations run on separate environments")
    func concurrency() async throws {
        let h = try EngineHarness()
        let f = try h.function("parallel", prelude: "ME=$$", handler: #"sleep 0.3; respond "\"$ME\"""#)
        async let a = h.invoke(f)
        async let b = h.invoke(f)
        let (ra, rb) = try await (a, b)
        #expect(ra.text != rb.text)
        #expect(ra.coldStart && rb.coldStart)
        let counts = h.engine.environmentCounts()
        #expect(counts["parallel"]?.idle == 2)
        await h.close()
    }
}
