import Foundation
import GRDB
import LambCore

/// Rows of `invocation`: the invocation history, one row per invocation, in columns so that `lamb history` filters
/// and `lamb stats` sums with plain queries. Written in batches by the history writer, pruned by age and count.
extension LambDatabase {
    static func registerInvocationHistoryMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11-invocation-history") { db in
            try db.create(table: "invocation") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("requestId", .text).notNull()
                t.column("function", .text).notNull()
                t.column("version", .text).notNull()
                t.column("invokedFunctionArn", .text).notNull()
                t.column("environmentId", .text)
                t.column("invocationType", .text).notNull()
                t.column("trigger", .text).notNull()
                t.column("startKind", .text).notNull()
                t.column("initDurationMs", .double)
                t.column("restoreDurationMs", .double)
                t.column("durationMs", .double).notNull()
                t.column("billedDurationMs", .integer).notNull()
                t.column("memorySizeMB", .integer).notNull()
                t.column("maxMemoryUsedMB", .integer).notNull()
                t.column("architecture", .text).notNull()
                t.column("outcome", .text).notNull()
                t.column("errorType", .text)
                t.column("payloadBytes", .integer).notNull()
                t.column("resultBytes", .integer).notNull()
                t.column("startedAt", .double).notNull()
                t.column("traceId", .text).notNull()
            }
            try db.execute(sql: "CREATE INDEX invocationByFunction ON invocation (function, id)")
            try db.execute(sql: "CREATE INDEX invocationByTime ON invocation (startedAt)")
        }
    }

    /// Appends records in one transaction, in their order.
    public func appendInvocations(_ records: [InvocationRecord]) async throws {
        guard !records.isEmpty else { return }
        try await writer.write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO invocation (requestId, function, version, invokedFunctionArn, environmentId,
                        invocationType, trigger, startKind, initDurationMs, restoreDurationMs, durationMs,
                        billedDurationMs, memorySizeMB, maxMemoryUsedMB, architecture, outcome, errorType, payloadBytes,
                        resultBytes, startedAt, traceId)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for r in records {
                try statement.execute(arguments: [
                    r.requestId, r.function, r.version, r.invokedFunctionArn, r.environmentId, r.invocationType,
                    r.trigger.rawValue, r.startKind.rawValue, r.initDurationMs, r.restoreDurationMs, r.durationMs,
                    r.billedDurationMs, r.memorySizeMB, r.maxMemoryUsedMB, r.architecture, r.outcome.rawValue,
                    r.errorType, r.payloadBytes, r.resultBytes, r.startedAt.timeIntervalSince1970, r.traceId,
                ])
            }
        }
    }

    /// What a history read selects.
    public struct InvocationQuery: Sendable {
        public var function: String?
        /// Only records after this position (to follow).
        public var after: Int64 = 0
        /// Only records that started at or after this time.
        public var since: Date?
        public var coldOnly = false
        public var errorsOnly = false
        /// The newest `limit` matching records (returned oldest first).
        public var limit = 100

        public init(
            function: String? = nil, after: Int64 = 0, since: Date? = nil, coldOnly: Bool = false,
            errorsOnly: Bool = false, limit: Int = 100
        ) {
            self.function = function
            self.after = after
            self.since = since
            self.coldOnly = coldOnly
            self.errorsOnly = errorsOnly
            self.limit = limit
        }
    }

    /// The newest records matching `query`, oldest first.
    public func invocations(_ query: InvocationQuery) async throws -> [InvocationRecord] {
        try await writer.read { db in
            var conditions = ["id > ?"]
            var arguments: StatementArguments = [query.after]
            if let function = query.function {
                conditions.append("function = ?")
                arguments += [function]
            }
            if let since = query.since {
                conditions.append("startedAt >= ?")
                arguments += [since.timeIntervalSince1970]
            }
            if query.coldOnly { conditions.append("startKind IN ('cold', 'restore')") }
            if query.errorsOnly { conditions.append("outcome != 'success'") }
            arguments += [query.limit]
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM invocation WHERE \(conditions.joined(separator: " AND ")) ORDER BY id DESC LIMIT ?",
                arguments: arguments)
            return try rows.reversed().map(Self.invocation(from:))
        }
    }

    /// Every record of `function` (or all) since `since`, for sums; oldest first.
    public func invocationsForStats(function: String?, since: Date?) async throws -> [InvocationRecord] {
        try await invocations(InvocationQuery(function: function, since: since, limit: Int.max))
    }

    /// Deletes records that started before `cutoff`, then all but the newest `keep`.
    public func pruneInvocations(olderThan cutoff: Date, keep: Int) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM invocation WHERE startedAt < ?", arguments: [cutoff.timeIntervalSince1970])
            try db.execute(
                sql: "DELETE FROM invocation WHERE id <= (SELECT id FROM invocation ORDER BY id DESC LIMIT 1 OFFSET ?)",
                arguments: [keep])
        }
    }

    static func invocation(from row: Row) throws -> InvocationRecord {
        InvocationRecord(
            id: row["id"], requestId: row["requestId"], function: row["function"], version: row["version"],
            invokedFunctionArn: row["invokedFunctionArn"], environmentId: row["environmentId"],
            invocationType: row["invocationType"], trigger: InvocationTrigger(rawValue: row["trigger"]) ?? .api,
            startKind: InvocationRecord.StartKind(rawValue: row["startKind"]) ?? .warm,
            initDurationMs: row["initDurationMs"], restoreDurationMs: row["restoreDurationMs"],
            durationMs: row["durationMs"], billedDurationMs: row["billedDurationMs"], memorySizeMB: row["memorySizeMB"],
            maxMemoryUsedMB: row["maxMemoryUsedMB"], architecture: row["architecture"],
            outcome: InvocationRecord.Outcome(rawValue: row["outcome"]) ?? .error, errorType: row["errorType"],
            payloadBytes: row["payloadBytes"], resultBytes: row["resultBytes"],
            startedAt: Date(timeIntervalSince1970: row["startedAt"]), traceId: row["traceId"])
    }
}
