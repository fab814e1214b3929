import Foundation
import Hummingbird
import LambCore
import LambEngine
import LambStore
import NIOCore
import ServiceLifecycle

/// `GET /_lamb/v1/stream`: what the dashboard shows, as Server-Sent Events.
///
/// Every ``tick`` the stream takes a snapshot (environments, functions, the async queue) and reads the history
/// records stored since the last one it sent. It sends a `snapshot` event when anything changed, and at least every
/// ``heartbeat`` (so that ages and idle times stay current and a dead client is noticed). Each event's `id` is the
/// last history record sent: a client that reconnects with `Last-Event-ID` (browsers do) goes on from there.
///
/// The stream ends when the client goes (a write fails) and when Lamb shuts down (it sends a `shutdown` event
/// first): graceful shutdown waits for responses in progress, so a stream that never ended would hold it up.
struct DashboardStream: Sendable {
    static let tick: Duration = .milliseconds(500)
    static let heartbeat: Duration = .seconds(5)
    /// History records one event carries at most: the newest of a larger burst (the history endpoint has them all).
    static let recordsPerEvent = 2000
    /// Records the first event carries when the client names no position.
    static let initialRecords = 200

    let api: LambdaAPI
    /// The last history record the client has.
    var after: Int64?

    /// Writes events until the client goes or Lamb shuts down.
    func run(into writer: inout any ResponseBodyWriter) async throws {
        var after = self.after
        var lastKey: SnapshotKey?
        var lastSent = ContinuousClock.now
        try await writer.write(Self.buffer("retry: 2000\n\n"))
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let (records, next) = try await newRecords(after: after)
            let environments = api.registry.environments(function: nil)
            let functions = api.registry.allFunctions()
            let queue = try await queueCounts()
            let key = SnapshotKey(
                environments: environments.map { "\($0.id) \($0.state) \($0.invocations)" },
                functions: functions.map { "\($0.name) \($0.latest.revisionId) \($0.reservedConcurrency ?? -1)" },
                queue: queue)
            let now = ContinuousClock.now
            if key != lastKey || !records.isEmpty || now - lastSent >= Self.heartbeat {
                let event = try Self.snapshotEvent(
                    environments: environments, functions: functions, records: records, queue: queue, next: next,
                    account: api.registry.accountConcurrency)
                try await writer.write(event)
                lastKey = key
                lastSent = now
                after = next
            }
            try? await Task.sleep(for: Self.tick)
        }
        if Task.isShuttingDownGracefully {
            try? await writer.write(Self.buffer("event: shutdown\ndata: {}\n\n"))
        }
    }

    private struct SnapshotKey: Equatable {
        var environments: [String]
        var functions: [String]
        var queue: [String: Int]
    }

    /// Records stored after `after` (the newest ``initialRecords`` when the client has none yet), and the position
    /// to go on from.
    private func newRecords(after: Int64?) async throws -> ([InvocationRecord], Int64) {
        guard let history = api.history else { return ([], after ?? 0) }
        var query = LambDatabase.InvocationQuery()
        query.after = after ?? 0
        query.limit = after == nil ? Self.initialRecords : Self.recordsPerEvent
        let records = try await history.read(query)
        return (records, records.last?.id ?? query.after)
    }

    /// The async queue's events by state (`queued`, `in-flight`, `retrying`, `failed`).
    private func queueCounts() async throws -> [String: Int] {
        let events = try await api.asyncQueue.list(function: nil, limit: 10_000)
        var counts = ["queued": 0, "in-flight": 0, "retrying": 0, "failed": 0]
        for event in events { counts[event.state, default: 0] += 1 }
        return counts
    }

    static func snapshotEvent(
        environments: [EnvironmentSummary], functions: [FunctionRecord], records: [InvocationRecord],
        queue: [String: Int], next: Int64, account: (limit: Int, unreserved: Int)
    ) throws -> ByteBuffer {
        let encodedEnvironments = try JSONSerialization.jsonObject(with: JSONEncoder().encode(environments))
        let body: [String: Any] = [
            "time": Date().timeIntervalSince1970 * 1000,
            "environments": encodedEnvironments,
            "functions": functions.map(functionJSON),
            "invocations": records.map(LambdaAPI.historyJSON),
            "nextAfter": next,
            "queue": queue,
            "account": ["concurrencyLimit": account.limit, "unreservedConcurrency": account.unreserved],
        ]
        let data = try JSONSerialization.data(withJSONObject: body, options: [.withoutEscapingSlashes, .sortedKeys])
        // JSON has no raw newlines outside strings, and none inside them (escaped): one `data:` line.
        return buffer("event: snapshot\nid: \(next)\ndata: \(String(decoding: data, as: UTF8.self))\n\n")
    }

    static func functionJSON(_ record: FunctionRecord) -> [String: Any] {
        let settings = record.latest.settings
        var item: [String: Any] = [
            // An image function has no runtime of Lambda's list: the dashboard says it is an image.
            "name": record.name, "runtime": settings.isImage ? "image" : settings.runtime, "handler": settings.handler,
            "memorySize": settings.memorySize, "timeout": settings.timeout,
            "architecture": settings.architectures.first ?? "x86_64",
            "lastModified": LambdaTimestamp.iso8601(record.latest.lastModified),
        ]
        if let reserved = record.reservedConcurrency { item["reservedConcurrency"] = reserved }
        return item
    }

    static func buffer(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
}
