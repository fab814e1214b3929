import Foundation
import LambCore
import Logging

/// Settings of the asynchronous invocation queue, built once from flags by the executable.
public struct AsyncQueueConfiguration: Sendable {
    /// Multiplies every retry delay and backoff (`--async-retry-scale`); 1 is Lambda's schedule.
    public var retryScale: Double = 1
    /// At most this many events in flight at once; `nil` means the account concurrency limit.
    public var maxInFlight: Int?

    public init() {}
}

/// Lambda's asynchronous invocation queue: `Event` invocations are stored durably, then dispatched to the engine
/// under the same concurrency limits as synchronous ones, retried on function errors and throttles as Lambda does,
/// and reported to destinations and dead-letter queues when they end.
///
/// The store holds the truth (an acknowledged event is in SQLite before the 202); the actor holds the schedule,
/// rebuilt from the store at start, so an event in flight when Lamb dies is simply run again (at-least-once).
public actor AsyncInvocationQueue {
    let store: any AsyncEventStore
    let engine: InvocationEngine
    let account: AccountContext
    let policy: AsyncRetryPolicy
    let maxInFlight: Int
    /// The definition a function and qualifier name now (an alias routes), or `nil` when it does not exist.
    let resolve: @Sendable (String, String) -> FunctionDefinition?
    /// Whether a function lets a chain of events invoke it more than ``RecursionLineage/limit`` times
    /// (PutFunctionRecursionConfig `Allow`); by default Lamb stops the loop, as Lambda does.
    let allowsRecursion: @Sendable (String) -> Bool
    /// The wall clock, injected so tests can move time.
    let now: @Sendable () -> Date
    let logger: Logger
    var schedule = AsyncEventSchedule()
    let wake = WakeSignal()
    private var stopping = false

    public init(
        store: any AsyncEventStore, engine: InvocationEngine, configuration: AsyncQueueConfiguration,
        account: AccountContext, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        allowsRecursion: @escaping @Sendable (String) -> Bool = { _ in false },
        resolve: @escaping @Sendable (String, String) -> FunctionDefinition?
    ) {
        self.allowsRecursion = allowsRecursion
        self.store = store
        self.engine = engine
        self.account = account
        self.policy = AsyncRetryPolicy(scale: configuration.retryScale)
        self.maxInFlight = max(1, configuration.maxInFlight ?? engine.concurrencyLimit)
        self.resolve = resolve
        self.now = now
        self.logger = logger
    }

    /// Loads the events a previous run left (queued, retrying, or in flight when it stopped). Call once, before
    /// the API accepts requests.
    public func restore() async throws -> Int {
        let pending = try await store.pendingEvents()
        for event in pending { schedule.add(event, due: event.nextAttemptAt) }
        return pending.count
    }

    /// Stores an event durably and queues it. Throws when it could not be stored; nothing was accepted then.
    public func enqueue(_ submission: AsyncEventSubmission) async throws {
        try await store.enqueueEvent(submission)
        schedule.add(submission.event, due: submission.event.nextAttemptAt)
        wake.signal()
    }

    /// Dispatches due events until ``stop()`` (or cancellation), then waits for the attempts in flight to end.
    public func run() async {
        await withDiscardingTaskGroup { group in
            while !stopping && !Task.isCancelled {
                let room = maxInFlight - schedule.inFlightCount
                for entry in schedule.takeDue(now: now(), limit: room) {
                    group.addTask { await self.attempt(entry) }
                }
                // With no room, only an attempt ending (which signals) can change anything.
                let timeout =
                    schedule.inFlightCount >= maxInFlight
                    ? nil : schedule.nextDue.map { $0.timeIntervalSince(now()) }
                await wake.wait(timeout: timeout)
            }
        }
    }

    /// Stops dispatching; ``run()`` returns once the attempts in flight have ended.
    public func stop() {
        stopping = true
        wake.signal()
    }

    /// Events for `lamb events`: the stored ones with what only the schedule knows (in flight, throttle backoff).
    public func list(function: String?, limit: Int = 1000) async throws -> [AsyncEventSummary] {
        let events = try await store.listEvents(function: function, limit: limit)
        let at = now()
        return events.map { event in
            let entry = schedule.entry(event.requestId)
            return AsyncEventSummary(event, entry: entry, now: at)
        }
    }
}
