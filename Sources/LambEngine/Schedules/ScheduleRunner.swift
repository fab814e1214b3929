import Foundation
import LambCore
import Logging

/// Fires schedules: one task sleeps until the earliest due firing and is woken whenever the set of schedules
/// changes; no polling. A firing is an asynchronous invocation through ``AsyncInvocationQueue``, so retries,
/// destinations and dead-letter queues apply as they do to `Event` invokes (EventBridge invokes asynchronously too).
///
/// Only the future fires: firings missed while Lamb was stopped (or while the host slept) are not replayed, as
/// EventBridge does not replay them. When several firings are overdue at once, the latest fires once.
public actor ScheduleRunner {
    struct Entry {
        var definition: ScheduleDefinition
        var timeline: ScheduleTimeline?
        /// The scheduled minute of the next firing (the payload's `time`).
        var nextScheduled: Date?
        /// When it actually fires: `nextScheduled`, or later within a flexible time window.
        var nextDue: Date?
        var lastFiring: Date?
        var lastRequestId: String?
        var firings = 0
    }

    let queue: AsyncInvocationQueue
    let account: AccountContext
    let clock: ScheduleClock
    let logger: Logger
    /// A delay within a flexible window: a fraction in 0..<1, injected so tests can fix it.
    let jitter: @Sendable () -> Double
    var entries: [String: Entry] = [:]
    let wake = WakeSignal()
    private var stopping = false

    public init(
        queue: AsyncInvocationQueue, account: AccountContext, clock: ScheduleClock = ScheduleClock(), logger: Logger,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.queue = queue
        self.account = account
        self.clock = clock
        self.logger = logger
        self.jitter = jitter
    }

    /// Replaces every schedule of `origin` (all template schedules after a template changes; the stored API ones
    /// at start). A schedule that keeps its name and definition keeps its next firing and its history.
    public func replace(origin: ScheduleDefinition.Origin, with definitions: [ScheduleDefinition]) {
        let incoming = Dictionary(definitions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (name, entry) in entries where entry.definition.origin == origin && incoming[name] == nil {
            entries[name] = nil
        }
        for definition in definitions where entries[definition.name]?.definition != definition {
            install(definition)
        }
        wake.signal()
    }

    /// Adds or replaces one schedule.
    public func upsert(_ definition: ScheduleDefinition) {
        install(definition)
        wake.signal()
    }

    /// Removes a schedule; false when there was none by that name.
    @discardableResult
    public func remove(_ name: String) -> Bool {
        let removed = entries.removeValue(forKey: name) != nil
        wake.signal()
        return removed
    }

    public func definition(_ name: String) -> ScheduleDefinition? { entries[name]?.definition }

    /// Every schedule with its next three firings, by name.
    public func summaries() -> [ScheduleSummary] {
        entries.values.sorted { $0.definition.name < $1.definition.name }.map { entry in
            var next: [Date] = []
            if entry.definition.enabled, let first = entry.nextScheduled, let timeline = entry.timeline {
                next = [first] + timeline.nextFirings(after: first, count: 2)
            }
            return ScheduleSummary(
                schedule: entry.definition, arn: entry.definition.arn(account), nextFirings: next,
                lastFiring: entry.lastFiring, lastRequestId: entry.lastRequestId, firings: entry.firings)
        }
    }

    /// Fires a schedule now, whatever its expression says (`POST /_lamb/v1/schedules/{name}/fire`, a testing aid):
    /// the same payload and path as a due firing, with the present as its time. Its next due firing is unchanged.
    /// Returns the request id of the queued invocation; `nil` when there is no such schedule.
    public func fireNow(_ name: String) async throws -> String? {
        guard entries[name] != nil else { return nil }
        return try await fire(name, scheduled: clock.now())
    }

    /// Fires due schedules until ``stop()``.
    public func run() async {
        while !stopping && !Task.isCancelled {
            let now = clock.now()
            for name in entries.keys.sorted() {
                guard let due = entries[name]?.nextDue, due <= now, let scheduled = entries[name]?.nextScheduled
                else { continue }
                advance(name, after: now)
                do {
                    _ = try await fire(name, scheduled: scheduled)
                } catch {
                    logger.error(
                        "a schedule could not queue its invocation",
                        metadata: ["schedule": "\(name)", "error": "\(error)"])
                }
            }
            let earliest = entries.values.compactMap(\.nextDue).min()
            await wake.wait(timeout: earliest.map { clock.realSeconds(until: $0) })
        }
    }

    public func stop() {
        stopping = true
        wake.signal()
    }

    private func install(_ definition: ScheduleDefinition) {
        var entry = Entry(definition: definition)
        if let old = entries[definition.name] {
            (entry.lastFiring, entry.lastRequestId, entry.firings) = (old.lastFiring, old.lastRequestId, old.firings)
        }
        do {
            entry.timeline = try definition.timeline(rateOrigin: clock.now())
        } catch {
            // Checked before it got here (template load, API); kept and listed, never fired.
            logger.error("schedule not valid", metadata: ["schedule": "\(definition.name)", "error": "\(error)"])
        }
        entries[definition.name] = entry
        advance(definition.name, after: clock.now())
    }

    /// Sets the next firing strictly after `instant` (disabled schedules have none).
    private func advance(_ name: String, after instant: Date) {
        guard var entry = entries[name] else { return }
        entry.nextScheduled = entry.definition.enabled ? entry.timeline?.nextFiring(after: instant) : nil
        entry.nextDue = entry.nextScheduled.map { scheduled in
            guard let minutes = entry.definition.flexibleWindowMinutes else { return scheduled }
            return scheduled.addingTimeInterval(jitter() * Double(minutes * 60))
        }
        entries[name] = entry
    }

    private func fire(_ name: String, scheduled: Date) async throws -> String? {
        guard let definition = entries[name]?.definition else { return nil }
        let eventId = UUID().uuidString.lowercased()
        let payload = ScheduledEventPayload.make(definition, time: scheduled, id: eventId, account: account)
        let event = AsyncEvent(
            requestId: Identifiers.requestId(), function: definition.function, qualifier: FunctionDefinition.latest,
            invokedFunctionArn: account.functionArn(definition.function), enqueuedAt: Date(), origin: .schedule)
        try await queue.enqueue(AsyncEventSubmission(event: event, payload: payload))
        entries[name]?.lastFiring = scheduled
        entries[name]?.lastRequestId = event.requestId
        entries[name]?.firings += 1
        logger.info("schedule fired", metadata: ["schedule": "\(name)", "requestId": "\(event.requestId)"])
        return event.requestId
    }
}
