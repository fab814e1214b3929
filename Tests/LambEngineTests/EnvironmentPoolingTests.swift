import Foundation
import LambCore
import LambEngine
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Whether a process still exists (a zombie counts as gone: the reaper collects it).
func processExists(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
    return !stat.contains(") Z ")
}

/// Polls `condition` for up to `seconds` (for process exits, which happen on another thread).
func eventually(_ seconds: Double = 5, _ condition: () async -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}

@Suite("Environment pooling, keep-alive and limits", .serialized)
struct EnvironmentPoolingTests {
    @Test("environments are listed with their lifecycle state and invocation count")
    func listing() async throws {
        let h = try EngineHarness()
        let f = try h.function("listed", handler: "respond 1")
        _ = try await h.invoke(f)
        _ = try await h.invoke(f)
        let envs = h.engine.environments(function: "listed")
        #expect(envs.count == 1)
        #expect(envs.first?.state == "idle")
        #expect(envs.first?.invocations == 2)
        #expect(envs.first?.initializationType == "on-demand")
        await h.close()
    }

    @Test("an environment idle past the keep-alive window is shut down and its process exits")
    func keepAlive() async throws {
        let h = try EngineHarness(keepAlive: .milliseconds(100))
        let f = try h.function("brief", handler: "respond 1")
        _ = try await h.invoke(f)
        let pid = try #require(h.engine.environments().first?.pid)
        try await Task.sleep(for: .milliseconds(300))
        h.engine.reapIdle()
        #expect(h.engine.environments().isEmpty)
        #expect(await eventually { !processExists(pid) })
        let again = try await h.invoke(f)
        #expect(again.coldStart)
        await h.close()
    }

    @Test("reserved concurrency 0 throttles; the scale-out bucket throttles new environments beyond its burst")
    func throttles() async throws {
        let h = try EngineHarness(scaleOutLimit: 1)
        let f = try h.function("limited", handler: "sleep 0.3; respond 1")
        try h.engine.setReservedConcurrency("limited", 0)
        await #expect(throws: LambError.self) { try await h.invoke(f) }
        try h.engine.setReservedConcurrency("limited", nil)
        let a = Task { try await h.invoke(f) }
        let b = Task { try await h.invoke(f) }
        var throttled = 0
        for task in [a, b] {
            do {
                _ = try await task.value
            } catch let error as LambError {
                if case .tooManyRequests(.functionInvocationRateLimitExceeded, _) = error.code { throttled += 1 }
            }
        }
        #expect(throttled == 1)
        await h.close()
    }

    @Test("shutting the engine down stops every environment, busy ones too, and leaves no process")
    func shutdown() async throws {
        let h = try EngineHarness()
        let f = try h.function("busy", handler: "sleep 30; respond 1")
        let quick = try h.function("quick", handler: "respond 1")
        _ = try await h.invoke(quick)
        let running = Task { try await h.invoke(f) }
        #expect(await eventually { h.engine.environments(function: "busy").first?.state == "invoking" })
        let pids = h.engine.environments().map(\.pid)
        #expect(pids.count == 2)
        await h.engine.shutdown()
        let result = try await running.value
        #expect(result.functionError == "Unhandled")
        #expect(await eventually { pids.allSatisfy { !processExists($0) } })
        await h.close()
    }
}


@Suite("Environments that die while idle", .serialized)
struct DeadIdleEnvironmentTests {
    @Test("a runtime that exits after answering is not reused: the next invocation is a cold start that works")
    func diedWhileIdle() async throws {
        let h = try EngineHarness()
        let f = try h.function("quitter", handler: #"respond '"ok"'; exit 0"#)
        let first = try await h.invoke(f)
        #expect(first.functionError == nil)
        let pid = try #require(h.engine.environments(function: "quitter").first?.pid)
        #expect(await eventually { !processExists(pid) })
        // Lamb learns of the exit when its reaper collects the process, a moment after it became a zombie (which
        // `processExists` already counts as gone); an invocation in between would still be sent to it.
        #expect(await eventually { h.engine.environments(function: "quitter").first?.state == "gone" })
        let second = try await h.invoke(f)
        #expect(second.functionError == nil)
        #expect(second.coldStart)
        await h.close()
    }
}
