import Foundation
import LambCore
import LambStore
import Testing

@Suite("Async event store")
struct AsyncEventStoreTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    func submission(_ id: String, function: String = "f", at offset: Double = 0) -> AsyncEventSubmission {
        let event = AsyncEvent(
            requestId: id, function: function,
            invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:\(function)",
            enqueuedAt: t0.addingTimeInterval(offset))
        return AsyncEventSubmission(event: event, payload: Data(#"{"id":"\#(id)"}"#.utf8))
    }

    func message(_ target: String, _ requestId: String) -> DestinationMessage {
        DestinationMessage(
            target: target, kind: .onFailure, timestamp: t0, function: "f", requestId: requestId,
            condition: "RetriesExhausted", body: Data("{}".utf8), attributes: ["k": "v"])
    }

    func temporaryPath() throws -> (URL, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return (dir, dir.appendingPathComponent("lamb.sqlite").path)
    }

    @Test("queued events, their attempts and their payloads survive a reopen of the file")
    func durable() async throws {
        let (dir, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let db = try LambDatabase(path: path)
            for i in 0..<200 { try await db.enqueueEvent(submission("e\(i)", at: Double(i))) }
            var retried = submission("e5").event
            retried.enqueuedAt = t0.addingTimeInterval(5)
            retried.attempts = 1
            retried.state = .retrying
            retried.nextAttemptAt = t0.addingTimeInterval(65)
            retried.lastError = "ValueError"
            try await db.updateEvent(retried)
        }
        let reopened = try LambDatabase(path: path)
        let pending = try await reopened.pendingEvents()
        #expect(pending.count == 200)
        #expect(pending.map(\.requestId) == (0..<200).map { "e\($0)" })
        let e5 = try #require(pending.first { $0.requestId == "e5" })
        #expect(e5.attempts == 1)
        #expect(e5.state == .retrying)
        #expect(e5.nextAttemptAt == t0.addingTimeInterval(65))
        #expect(e5.lastError == "ValueError")
        #expect(try await reopened.eventPayload("e7") == Data(#"{"id":"e7"}"#.utf8))
    }

    @Test("finishing an event deletes it (or keeps it as failed) and appends its messages and follow-ups at once")
    func finish() async throws {
        let db = try LambDatabase()
        try await db.enqueueEvent(submission("ok"))
        try await db.enqueueEvent(submission("bad"))
        try await db.finishEvent(
            submission("ok").event, messages: [message("arn:aws:sqs:us-east-1:1:q", "ok")],
            followUps: [submission("next", function: "g")])
        var failed = submission("bad").event
        failed.state = .failed
        failed.failureReason = "RetriesExhausted"
        failed.finishedAt = t0
        try await db.finishEvent(failed, messages: [message("arn:aws:sns:us-east-1:1:t", "bad")], followUps: [])
        #expect(try await db.pendingEvents().map(\.requestId) == ["next"])
        let listed = try await db.listEvents(function: nil, limit: 10)
        #expect(Set(listed.map(\.requestId)) == ["bad", "next"])
        #expect(listed.first { $0.requestId == "bad" }?.failureReason == "RetriesExhausted")
        #expect(try await db.listEvents(function: "g", limit: 10).map(\.requestId) == ["next"])
        #expect(try await db.eventPayload("ok") == nil)
        let all = try await db.destinationMessages(target: nil, after: 0, limit: 10)
        #expect(all.map(\.requestId) == ["ok", "bad"])
        #expect(all[0].attributes == ["k": "v"])
        let onlyTopic = try await db.destinationMessages(target: "arn:aws:sns:us-east-1:1:t", after: 0, limit: 10)
        #expect(onlyTopic.map(\.requestId) == ["bad"])
        #expect(try await db.destinationMessages(target: nil, after: all[0].id, limit: 10).map(\.requestId) == ["bad"])
    }

    @Test("messages for services with an endpoint wait for delivery, survive a reopen, and record each attempt")
    func delivery() async throws {
        let (dir, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let db = try LambDatabase(path: path)
            db.deliverDestinations(to: ["sqs"])
            try await db.appendDestinationMessages([
                message("arn:aws:sqs:us-east-1:1:q", "to-sqs"), message("arn:aws:sns:us-east-1:1:t", "to-sns"),
            ])
            let pending = try await db.pendingDeliveries(limit: 10)
            #expect(pending.map(\.requestId) == ["to-sqs"])
            try await db.recordDelivery(id: pending[0].id, delivered: false, error: "QueueDoesNotExist", at: t0)
        }
        let reopened = try LambDatabase(path: path)
        let still = try #require(try await reopened.pendingDeliveries(limit: 10).first)
        #expect(still.delivery == DestinationMessage.Delivery(state: .pending, attempts: 1, lastError: "QueueDoesNotExist", at: t0))
        try await reopened.recordDelivery(id: still.id, delivered: true, error: nil, at: t0.addingTimeInterval(2))
        #expect(try await reopened.pendingDeliveries(limit: 10).isEmpty)
        let all = try await reopened.destinationMessages(target: nil, after: 0, limit: 10)
        #expect(all.map(\.delivery.state) == [.delivered, .local])
        #expect(all[0].delivery.attempts == 2)
    }

    @Test("configs are per function and qualifier, update in place, and go when their function is deleted")
    func configs() async throws {
        let db = try LambDatabase()
        let settings = FunctionSettings(
            runtime: "python3.11", handler: "app.handler", role: "arn:aws:iam::123456789012:role/r")
        let record = FunctionRecord(
            latest: FunctionDefinition(
                name: "f", settings: settings, code: CodeReference(sha256: "x", size: 1, blobName: "x")))
        try await db.insertFunction(record)
        let config = EventInvokeConfig(maximumRetryAttempts: 0, lastModified: t0)
        try await db.putEventInvokeConfig(function: "f", qualifier: "$LATEST", config)
        #expect(try await db.eventInvokeConfig(function: "f", qualifier: "$LATEST") == config)
        #expect(try await db.eventInvokeConfig(function: "f", qualifier: "live") == nil)
        let updated = try await db.updateEventInvokeConfig(function: "f", qualifier: "$LATEST") {
            var next = $0
            next.maximumEventAgeInSeconds = 60
            return next
        }
        #expect(updated?.maximumEventAgeInSeconds == 60)
        #expect(try await db.updateEventInvokeConfig(function: "f", qualifier: "live") { $0 } == nil)
        #expect(try await db.eventInvokeConfigs(function: "f").map(\.qualifier) == ["$LATEST"])
        await #expect(throws: LambError.self) {
            try await db.putEventInvokeConfig(function: "nope", qualifier: "$LATEST", config)
        }
        try await db.deleteFunction(named: "f")
        #expect(try await db.eventInvokeConfig(function: "f", qualifier: "$LATEST") == nil)
        #expect(try await db.deleteEventInvokeConfig(function: "f", qualifier: "$LATEST") == false)
    }
}

@Suite("Invocation history store")
struct InvocationHistoryStoreTests {
    func record(_ id: String, function: String = "f", kind: InvocationRecord.StartKind = .warm,
                outcome: InvocationRecord.Outcome = .success, at: Double) -> InvocationRecord {
        InvocationRecord(
            requestId: id, function: function, version: "$LATEST",
            invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:\(function)", environmentId: "env",
            invocationType: "RequestResponse", trigger: .api, startKind: kind, initDurationMs: kind == .cold ? 5 : nil,
            durationMs: 1.5, billedDurationMs: 2, memorySizeMB: 128, maxMemoryUsedMB: 10, architecture: "x86_64",
            outcome: outcome, errorType: outcome == .success ? nil : "ValueError", payloadBytes: 3, resultBytes: 4,
            startedAt: Date(timeIntervalSince1970: at))
    }

    @Test("records come back with their fields, filtered, newest last, and are pruned by age and count")
    func roundTrip() async throws {
        let db = try LambDatabase()
        try await db.appendInvocations([
            record("a", kind: .cold, at: 100), record("b", at: 200), record("c", function: "g", outcome: .error, at: 300),
            record("d", at: 400),
        ])
        let all = try await db.invocations(.init())
        #expect(all.map(\.requestId) == ["a", "b", "c", "d"])
        #expect(all[0].initDurationMs == 5 && all[0].startKind == .cold && all[0].payloadBytes == 3)
        #expect(try await db.invocations(.init(function: "f")).map(\.requestId) == ["a", "b", "d"])
        #expect(try await db.invocations(.init(coldOnly: true)).map(\.requestId) == ["a"])
        #expect(try await db.invocations(.init(errorsOnly: true)).map(\.requestId) == ["c"])
        #expect(try await db.invocations(.init(after: all[1].id)).map(\.requestId) == ["c", "d"])
        #expect(try await db.invocations(.init(limit: 2)).map(\.requestId) == ["c", "d"])
        #expect(try await db.invocations(.init(since: Date(timeIntervalSince1970: 250))).map(\.requestId) == ["c", "d"])
        try await db.pruneInvocations(olderThan: Date(timeIntervalSince1970: 150), keep: 2)
        #expect(try await db.invocations(.init()).map(\.requestId) == ["c", "d"])
    }
}
