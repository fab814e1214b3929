import Foundation
import LambCore
import LambEngine
import Logging
import NIOCore
import Synchronization
import Testing

/// The queue over real processes (shell bootstraps) and an in-memory store, with a wall clock the test can move.
@Suite("AsyncInvocationQueue with real processes", .serialized)
struct AsyncInvocationQueueTests {
    static let queueTarget = "arn:aws:sqs:us-east-1:000000000000:target"
    static let deadLetters = "arn:aws:sqs:us-east-1:000000000000:dlq"

    /// Runs `body` with a queue over `harness`'s engine, dispatching until `body` returns.
    func withQueue(
        _ h: EngineHarness, _ store: MemoryEventStore, functions: [FunctionDefinition], clock: TestClock = TestClock(),
        _ body: (AsyncInvocationQueue) async throws -> Void
    ) async throws {
        var configuration = AsyncQueueConfiguration()
        configuration.retryScale = 0.001
        let byName = Dictionary(uniqueKeysWithValues: functions.map { ($0.name, $0) })
        let queue = AsyncInvocationQueue(
            store: store, engine: h.engine, configuration: configuration, account: AccountContext(),
            logger: Logger(label: "test"), now: { clock.now() }, resolve: { byName[$0] })
        _ = try await queue.restore()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await queue.run() }
            defer { group.cancelAll() }
            try await body(queue)
            await queue.stop()
            try await group.waitForAll()
        }
    }

    func submit(_ queue: AsyncInvocationQueue, _ function: String, _ payload: String, at date: Date) async throws
        -> String
    {
        let event = AsyncEvent(
            requestId: Identifiers.requestId(), function: function,
            invokedFunctionArn: AccountContext().functionArn(function), enqueuedAt: date)
        try await queue.enqueue(AsyncEventSubmission(event: event, payload: Data(payload.utf8)))
        return event.requestId
    }

    @Test("a function failing twice succeeds on attempt 3 with one request id; OnSuccess gets Lambda's record")
    func retriesThenSuccess() async throws {
        let h = try EngineHarness()
        let counts = h.root.appendingPathComponent("counts").path
        try FileManager.default.createDirectory(atPath: counts, withIntermediateDirectories: true)
        let f = try h.function(
            "flaky",
            handler: """
                F=\(counts)/$REQUEST_ID; N=$(( $(cat $F 2>/dev/null || echo 0) + 1 )); echo $N > $F
                if [ $N -lt 3 ]; then fail '{"errorType":"Flaky","errorMessage":"not yet"}'; else respond "{\\"n\\":$N}"; fi
                """)
        let store = MemoryEventStore()
        await store.setConfig("flaky", EventInvokeConfig(onSuccess: Self.queueTarget))
        try await withQueue(h, store, functions: [f]) { queue in
            let id = try await submit(queue, "flaky", #"{"k":1}"#, at: Date())
            let message: DestinationMessage = try await poll { await store.messages.first { $0.requestId == id } }
            let record = try #require(try JSONSerialization.jsonObject(with: message.body) as? [String: Any])
            let context = try #require(record["requestContext"] as? [String: Any])
            #expect(context["approximateInvokeCount"] as? Int == 3)
            #expect(context["condition"] as? String == "Success")
            #expect((record["responsePayload"] as? [String: Any])?["n"] as? Int == 3)
            #expect(try String(contentsOfFile: "\(counts)/\(id)", encoding: .utf8) == "3\n")
            #expect(await store.pendingCount == 0)
        }
        await h.close()
    }

    @Test("a throttled event older than its maximum age goes to OnFailure without running (the clock jumps 61 s)")
    func expiresWhileThrottled() async throws {
        let h = try EngineHarness()
        let ran = h.root.appendingPathComponent("ran").path
        let release = h.root.appendingPathComponent("release").path
        // The held invocation keeps the only unit of concurrency until the test creates `release`.
        let f = try h.function(
            "busy", timeout: 30,
            handler: #"""
                case "$EVENT" in *hold*) while [ ! -f \#(release) ]; do sleep 0.05; done;; *) touch \#(ran);; esac
                respond '"ok"'
                """#)
        try h.engine.setReservedConcurrency("busy", 1)
        let store = MemoryEventStore()
        await store.setConfig("busy", EventInvokeConfig(maximumEventAgeInSeconds: 60, onFailure: Self.queueTarget))
        let clock = TestClock()
        try await withQueue(h, store, functions: [f], clock: clock) { queue in
            async let held = h.invoke(f, #"{"hold":true}"#)
            try await waitUntil { h.engine.environments(function: "busy").contains { $0.state == "invoking" } }
            let id = try await submit(queue, "busy", "{}", at: clock.now())
            try await waitUntil {
                try await queue.list(function: "busy").contains { $0.lastError?.contains("TooManyRequests") == true }
            }
            clock.advance(by: 61)
            let message: DestinationMessage = try await poll { await store.messages.first { $0.requestId == id } }
            #expect(message.condition == "EventAgeExceeded")
            let record = try #require(try JSONSerialization.jsonObject(with: message.body) as? [String: Any])
            #expect((record["requestContext"] as? [String: Any])?["approximateInvokeCount"] as? Int == 0)
            #expect(record["responseContext"] == nil)
            FileManager.default.createFile(atPath: release, contents: nil)
            _ = try await held
            #expect(!FileManager.default.fileExists(atPath: ran))
        }
        await h.close()
    }

    @Test("reserved concurrency 0: the event goes to OnFailure and the dead-letter queue at once, never running")
    func disabledFunction() async throws {
        let h = try EngineHarness()
        var f = try h.function("off", handler: #"respond '"ran"'"#)
        f.settings.deadLetterTargetArn = Self.deadLetters
        try h.engine.setReservedConcurrency("off", 0)
        let store = MemoryEventStore()
        await store.setConfig("off", EventInvokeConfig(onFailure: Self.queueTarget))
        try await withQueue(h, store, functions: [f]) { queue in
            let id = try await submit(queue, "off", #"{"x":1}"#, at: Date())
            let messages = try await poll { () async -> [DestinationMessage]? in
                let found = await store.messages.filter { $0.requestId == id }
                return found.count == 2 ? found : nil
            }
            #expect(Set(messages.map(\.kind)) == [.onFailure, .deadLetter])
            let letter = try #require(messages.first { $0.kind == .deadLetter })
            #expect(letter.body == Data(#"{"x":1}"#.utf8))
            #expect(letter.attributes["RequestID"] == id)
            #expect(letter.attributes["ErrorCode"] == "429")
            #expect(h.engine.environments(function: "off").isEmpty)
        }
        await h.close()
    }

    @Test("events a previous queue left in the store run when a new queue starts")
    func resumes() async throws {
        let h = try EngineHarness()
        let marks = h.root.appendingPathComponent("marks").path
        try FileManager.default.createDirectory(atPath: marks, withIntermediateDirectories: true)
        let f = try h.function("resume", handler: #"touch \#(marks)/$REQUEST_ID; respond '"ok"'"#)
        let store = MemoryEventStore()
        var ids: [String] = []
        for _ in 0..<20 {
            let event = AsyncEvent(
                requestId: Identifiers.requestId(), function: "resume", invokedFunctionArn: "arn", enqueuedAt: Date())
            try await store.enqueueEvent(AsyncEventSubmission(event: event, payload: Data("{}".utf8)))
            ids.append(event.requestId)
        }
        // Done means every event ran (an empty queue only means every event was taken).
        try await withQueue(h, store, functions: [f]) { _ in
            try await waitUntil { ids.allSatisfy { FileManager.default.fileExists(atPath: "\(marks)/\($0)") } }
        }
        for id in ids { #expect(FileManager.default.fileExists(atPath: "\(marks)/\(id)")) }
        await h.close()
    }
}

/// Polls `condition` until it gives a value (every 20 ms, up to `timeout` seconds).
@discardableResult
func poll<T>(timeout: Double = 30, _ condition: () async throws -> T?) async throws -> T {
    let deadline = ContinuousClock.now + .seconds(timeout)
    while ContinuousClock.now < deadline {
        if let value = try await condition() { return value }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("condition not met within \(timeout) s")
    throw CancellationError()
}

/// Polls `condition` until it is true. (A `Bool?` condition given to ``poll(timeout:_:)`` can infer `T` as
/// `Bool?` and return at once with `.some(nil)`; a plain `Bool` here cannot.)
func waitUntil(timeout: Double = 30, _ condition: () async throws -> Bool) async throws {
    try await poll(timeout: timeout) { () async throws -> Bool? in try await condition() ? true : nil }
}

/// The wall clock plus an offset the test moves forward.
final class TestClock: Sendable {
    private let offset = Mutex(0.0)

    func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }

    func advance(by seconds: Double) { offset.withLock { $0 += seconds } }
}

/// An in-memory ``AsyncEventStore``.
actor MemoryEventStore: AsyncEventStore {
    private var rows: [String: (event: AsyncEvent, payload: Data)] = [:]
    private var order: [String] = []
    private(set) var messages: [DestinationMessage] = []
    private var configs: [String: EventInvokeConfig] = [:]

    func setConfig(_ function: String, _ config: EventInvokeConfig) { configs[function] = config }

    var pendingCount: Int { rows.values.filter { $0.event.state != .failed }.count }

    func enqueueEvent(_ submission: AsyncEventSubmission) async throws {
        rows[submission.event.requestId] = (submission.event, submission.payload)
        order.append(submission.event.requestId)
    }

    func pendingEvents() async throws -> [AsyncEvent] {
        order.compactMap { rows[$0]?.event }.filter { $0.state != .failed }
    }

    func eventPayload(_ requestId: String) async throws -> Data? { rows[requestId]?.payload }

    func updateEvent(_ event: AsyncEvent) async throws { rows[event.requestId]?.event = event }

    func finishEvent(_ event: AsyncEvent, messages: [DestinationMessage], followUps: [AsyncEventSubmission])
        async throws
    {
        if event.state == .failed {
            rows[event.requestId]?.event = event
        } else {
            rows[event.requestId] = nil
            order.removeAll { $0 == event.requestId }
        }
        self.messages += messages
        for submission in followUps { try await enqueueEvent(submission) }
    }

    func listEvents(function: String?, limit: Int) async throws -> [AsyncEvent] {
        Array(order.compactMap { rows[$0]?.event }.filter { function == nil || $0.function == function }.prefix(limit))
    }

    func eventInvokeConfig(function: String, qualifier: String) async throws -> EventInvokeConfig? { configs[function] }
}
