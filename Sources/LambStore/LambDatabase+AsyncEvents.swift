import Foundation
import GRDB
import LambCore

/// The asynchronous invocation queue (`asyncEvent`), event invoke configs (`eventInvokeConfig`) and the local
/// sinks of destinations and dead-letter queues (`destinationMessage`).
extension LambDatabase {
    /// Who queued each event (`AsyncEvent.Origin`); events queued before are the API's.
    static func registerAsyncEventOriginMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v16-async-event-origin") { db in
            try db.alter(table: "asyncEvent") { t in t.add(column: "origin", .text).notNull().defaults(to: "api") }
        }
    }

    /// The schema of asynchronous invocation: registered after the migrations before it, never edited.
    static func registerAsyncInvocationMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-async-invocation") { db in
            // One row per event that has not succeeded; columns rather than JSON so the queue can be listed and
            // restored with plain queries.
            try db.create(table: "asyncEvent") { t in
                t.primaryKey("requestId", .text)
                t.column("function", .text).notNull()
                t.column("qualifier", .text).notNull()
                t.column("invokedFunctionArn", .text).notNull()
                t.column("traceId", .text).notNull()
                t.column("payload", .blob).notNull()
                t.column("enqueuedAt", .double).notNull()
                t.column("attempts", .integer).notNull()
                t.column("nextAttemptAt", .double).notNull()
                t.column("state", .text).notNull()
                t.column("lastError", .text)
                t.column("failureReason", .text)
                t.column("finishedAt", .double)
            }
            try db.execute(sql: "CREATE INDEX asyncEventByState ON asyncEvent (state, enqueuedAt)")
            // A config belongs to its function: deleting the function deletes its configs.
            try db.create(table: "eventInvokeConfig") { t in
                t.column("function", .text).notNull().references("function", column: "name", onDelete: .cascade)
                t.column("qualifier", .text).notNull()
                t.column("config", .blob).notNull()
                t.primaryKey(["function", "qualifier"])
            }
            // Append-only: ids ascend and are never reused (AUTOINCREMENT), so readers can follow with `after`.
            try db.create(table: "destinationMessage") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("target", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("timestamp", .double).notNull()
                t.column("function", .text).notNull()
                t.column("requestId", .text).notNull()
                t.column("condition", .text)
                t.column("body", .blob).notNull()
                t.column("attributes", .blob).notNull()
            }
            try db.execute(sql: "CREATE INDEX destinationMessageByTarget ON destinationMessage (target, id)")
        }
    }
}

extension LambDatabase: AsyncEventStore {
    public func enqueueEvent(_ submission: AsyncEventSubmission) async throws {
        try await writer.write { db in try Self.insert(submission, db) }
    }

    public func pendingEvents() async throws -> [AsyncEvent] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM asyncEvent WHERE state != 'failed' ORDER BY enqueuedAt, rowid"
            ).map(Self.event(from:))
        }
    }

    public func eventPayload(_ requestId: String) async throws -> Data? {
        try await writer.read { db in
            try Data.fetchOne(db, sql: "SELECT payload FROM asyncEvent WHERE requestId = ?", arguments: [requestId])
        }
    }

    public func updateEvent(_ event: AsyncEvent) async throws {
        try await writer.write { db in try Self.update(event, db) }
    }

    public func finishEvent(_ event: AsyncEvent, messages: [DestinationMessage], followUps: [AsyncEventSubmission])
        async throws
    {
        try await writer.write { db in
            if event.state == .failed {
                try Self.update(event, db)
                // Failed events are kept for `lamb events`, the most recent ones only.
                try db.execute(
                    sql: """
                        DELETE FROM asyncEvent WHERE state = 'failed' AND requestId NOT IN
                            (SELECT requestId FROM asyncEvent WHERE state = 'failed'
                             ORDER BY finishedAt DESC LIMIT ?)
                        """, arguments: [Self.failedEventsKept])
            } else {
                try db.execute(sql: "DELETE FROM asyncEvent WHERE requestId = ?", arguments: [event.requestId])
            }
            for message in messages { try self.insert(message, db) }
            for submission in followUps { try Self.insert(submission, db) }
        }
        if !messages.isEmpty { destinationWrites.continuation.yield() }
    }

    public func listEvents(function: String?, limit: Int) async throws -> [AsyncEvent] {
        try await writer.read { db in
            let filter = function == nil ? "" : "WHERE function = ?"
            let arguments: StatementArguments = function.map { [$0, limit] } ?? [limit]
            return try Row.fetchAll(
                db, sql: "SELECT * FROM asyncEvent \(filter) ORDER BY enqueuedAt, rowid LIMIT ?", arguments: arguments
            ).map(Self.event(from:))
        }
    }

    /// How many failed events are kept for `lamb events`.
    static let failedEventsKept = 1000

    // MARK: Rows

    static func insert(_ submission: AsyncEventSubmission, _ db: Database) throws {
        let e = submission.event
        try db.execute(
            sql: """
                INSERT INTO asyncEvent (requestId, function, qualifier, invokedFunctionArn, traceId, payload,
                    enqueuedAt, attempts, nextAttemptAt, state, lastError, failureReason, finishedAt, origin)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                e.requestId, e.function, e.qualifier, e.invokedFunctionArn, e.traceId, submission.payload,
                e.enqueuedAt.timeIntervalSince1970, e.attempts, e.nextAttemptAt.timeIntervalSince1970,
                e.state.rawValue, e.lastError, e.failureReason, e.finishedAt?.timeIntervalSince1970, e.origin.rawValue,
            ])
    }

    static func update(_ e: AsyncEvent, _ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE asyncEvent SET attempts = ?, nextAttemptAt = ?, state = ?, lastError = ?, failureReason = ?,
                    finishedAt = ?
                WHERE requestId = ?
                """,
            arguments: [
                e.attempts, e.nextAttemptAt.timeIntervalSince1970, e.state.rawValue, e.lastError, e.failureReason,
                e.finishedAt?.timeIntervalSince1970, e.requestId,
            ])
    }

    static func event(from row: Row) throws -> AsyncEvent {
        var event = AsyncEvent(
            requestId: row["requestId"], function: row["function"], qualifier: row["qualifier"],
            invokedFunctionArn: row["invokedFunctionArn"], traceId: row["traceId"],
            enqueuedAt: Date(timeIntervalSince1970: row["enqueuedAt"]),
            origin: (row["origin"] as String?).flatMap(AsyncEvent.Origin.init(rawValue:)) ?? .api)
        event.attempts = row["attempts"]
        event.nextAttemptAt = Date(timeIntervalSince1970: row["nextAttemptAt"])
        event.state = AsyncEvent.State(rawValue: row["state"]) ?? .queued
        event.lastError = row["lastError"]
        event.failureReason = row["failureReason"]
        event.finishedAt = (row["finishedAt"] as Double?).map(Date.init(timeIntervalSince1970:))
        return event
    }
}
