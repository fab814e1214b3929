import Foundation
import LambCore
import LambStore
import Logging
import ServiceLifecycle
import Synchronization

/// The invocation history: the engine hands every record to ``record(_:)`` (a lock and an append, on the
/// invocation's path); the service writes them to SQLite in batches and prunes by age and count. Readers flush
/// first, so a record is visible as soon as its invocation has answered. A `kill -9` loses at most the last
/// batch (a fraction of a second of history; never a function or an event).
public final class InvocationHistory: Sendable {
    public struct Retention: Sendable {
        public var days: Double
        public var maximum: Int

        public init(days: Double = 7, maximum: Int = 100_000) {
            self.days = days
            self.maximum = maximum
        }
    }

    let database: LambDatabase
    let retention: Retention
    /// What `lamb stats` prices invocations at.
    let prices: LambdaPrices
    /// When this Lamb started: provisioned concurrency and SnapStart caches are charged from then at the earliest.
    let startedAt = Date()
    private let pending = Mutex<[InvocationRecord]>([])
    /// Serialises flushes, so that records are stored in the order they were recorded.
    private let flushing = AsyncSerialLock()

    /// How often the writer stores what was recorded.
    static let flushInterval: Duration = .milliseconds(100)
    static let pruneInterval: Duration = .seconds(60)
    static let rowsPerTransaction = 64

    /// Told about each batch as it is stored (the metrics' counters).
    let onBatch: @Sendable ([InvocationRecord]) -> Void

    public init(
        database: LambDatabase, retention: Retention, prices: LambdaPrices = .published,
        onBatch: @escaping @Sendable ([InvocationRecord]) -> Void = { _ in }
    ) {
        self.database = database
        self.retention = retention
        self.prices = prices
        self.onBatch = onBatch
    }

    public func record(_ record: InvocationRecord) {
        pending.withLock { $0.append(record) }
    }

    /// Stores what was recorded so far.
    public func flush() async throws {
        try await flushing.run {
            let batch = pending.withLock { records -> [InvocationRecord] in
                defer { records.removeAll(keepingCapacity: true) }
                return records
            }
            guard !batch.isEmpty else { return }
            // Small transactions with a yield between them: one long burst of writing (hundreds of rows under load)
            // would hold a core while invocations wait for it, which showed at the warm path's p99.
            for start in stride(from: 0, to: batch.count, by: Self.rowsPerTransaction) {
                let chunk = Array(batch[start..<min(start + Self.rowsPerTransaction, batch.count)])
                onBatch(chunk)
                try await database.appendInvocations(chunk)
                await Task.yield()
            }
        }
    }

    /// The newest records matching `query`, after storing what is pending.
    public func read(_ query: LambDatabase.InvocationQuery) async throws -> [InvocationRecord] {
        try await flush()
        return try await database.invocations(query)
    }

    func prune(now: Date = Date()) async throws {
        try await database.pruneInvocations(
            olderThan: now.addingTimeInterval(-retention.days * 86_400), keep: retention.maximum)
    }
}

/// Writes the history while Lamb serves, and once more when it stops.
struct InvocationHistoryService: Service {
    let history: InvocationHistory
    let logger: Logger

    func run() async throws {
        var sincePrune: Duration = .zero
        try? await history.prune()
        while !Task.isCancelledOrShuttingDown {
            try? await Task.sleep(for: InvocationHistory.flushInterval)
            do {
                try await history.flush()
                sincePrune += InvocationHistory.flushInterval
                if sincePrune >= InvocationHistory.pruneInterval {
                    sincePrune = .zero
                    try await history.prune()
                }
            } catch {
                logger.error("could not write the invocation history", metadata: ["error": "\(error)"])
            }
        }
        try? await history.flush()
    }
}

extension Task where Success == Never, Failure == Never {
    static var isCancelledOrShuttingDown: Bool { Task.isCancelled || Task.isShuttingDownGracefully }
}

