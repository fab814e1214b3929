import Foundation
import LambCore
import LambEngine
import Logging
import Testing

/// The scheduler over a queue that is not dispatching: what it queues is read back from the in-memory store.
@Suite("ScheduleRunner", .serialized)
struct ScheduleRunnerTests {
    func rule(_ name: String, _ expression: String, enabled: Bool = true, origin: ScheduleDefinition.Origin = .template)
        -> ScheduleDefinition
    {
        ScheduleDefinition(
            name: name, function: "f", kind: .rule, origin: origin, expression: expression, enabled: enabled)
    }

    func withRunner(
        speed: Double = 1, _ body: (ScheduleRunner, MemoryEventStore) async throws -> Void
    ) async throws {
        let h = try EngineHarness()
        let store = MemoryEventStore()
        let queue = AsyncInvocationQueue(
            store: store, engine: h.engine, configuration: AsyncQueueConfiguration(), account: AccountContext(),
            logger: Logger(label: "test"), resolve: { _, _ in nil })
        let runner = ScheduleRunner(
            queue: queue, account: AccountContext(), clock: ScheduleClock(speed: speed), logger: Logger(label: "test"))
        try await body(runner, store)
        await h.close()
    }

    @Test("listing: three next firings, none when disabled; replacing one origin keeps the other's schedules")
    func listing() async throws {
        try await withRunner { runner, _ in
            await runner.replace(
                origin: .template,
                with: [rule("daily", "cron(0 3 * * ? *)"), rule("off", "rate(1 hour)", enabled: false)])
            await runner.replace(origin: .api, with: [rule("mine", "rate(5 minutes)", origin: .api)])
            var byName = Dictionary(uniqueKeysWithValues: await runner.summaries().map { ($0.schedule.name, $0) })
            #expect(byName["daily"]?.nextFirings.count == 3)
            #expect(byName["daily"]?.nextFirings.allSatisfy { $0.hasSuffix("T03:00:00Z") } == true)
            #expect(byName["off"]?.nextFirings == [])
            #expect(byName["mine"]?.nextFirings.count == 3)
            await runner.replace(origin: .template, with: [rule("daily", "cron(0 3 * * ? *)")])
            byName = Dictionary(uniqueKeysWithValues: await runner.summaries().map { ($0.schedule.name, $0) })
            #expect(Set(byName.keys) == ["daily", "mine"])
            #expect(await runner.remove("mine"))
            #expect(!(await runner.remove("mine")))
        }
    }

    @Test("firing now queues the Scheduled Event for the function and records the last firing")
    func fireNow() async throws {
        try await withRunner { runner, store in
            await runner.upsert(rule("daily", "cron(0 3 * * ? *)"))
            let requestId = try #require(try await runner.fireNow("daily"))
            let payload = try #require(try await store.eventPayload(requestId))
            let event = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
            #expect(event["detail-type"] as? String == "Scheduled Event")
            #expect(event["resources"] as? [String] == ["arn:aws:events:us-east-1:000000000000:rule/daily"])
            let summary = try #require(await runner.summaries().first)
            #expect(summary.lastRequestId == requestId && summary.firings == 1 && summary.lastFiring != nil)
            #expect(try await runner.fireNow("missing") == nil)
        }
    }

    @Test("the timer fires due schedules on a compressed clock; a disabled one never")
    func timer() async throws {
        // At 6000x, rate(1 minute) is due every 10 ms of real time.
        try await withRunner(speed: 6000) { runner, store in
            await runner.replace(
                origin: .template,
                with: [rule("tick", "rate(1 minute)"), rule("off", "rate(1 minute)", enabled: false)])
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await runner.run() }
                _ = try await poll { await store.pendingCount >= 3 ? true : nil }
                await runner.stop()
                try await group.waitForAll()
            }
            let byName = Dictionary(uniqueKeysWithValues: await runner.summaries().map { ($0.schedule.name, $0) })
            #expect((byName["tick"]?.firings ?? 0) >= 3)
            #expect(byName["off"]?.firings == 0)
        }
    }
}
