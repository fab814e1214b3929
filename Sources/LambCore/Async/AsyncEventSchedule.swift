import Foundation

/// The queue's in-memory plan: which events wait until when, and which are in flight.
///
/// The durable record of each event is in the store; this holds what only matters while Lamb runs (throttles in a
/// row, the last attempt's response), and is rebuilt from the store at start. Pure: the caller passes `now`.
public struct AsyncEventSchedule: Sendable {
    public struct Entry: Sendable, Equatable {
        public var event: AsyncEvent
        /// When the event may be dispatched next.
        public var due: Date
        /// Throttles (or platform errors) in a row, for the backoff.
        public var throttles = 0
        public var inFlight = false
        /// The last attempt's response, for a failure record made later (the event expiring while it waits).
        public var lastResult: AsyncAttemptResult?
    }

    private var entries: [String: Entry] = [:]
    /// Waiting events by due time, then by arrival: `(due, sequence, request id)`, sorted.
    private var waiting: [(due: Date, sequence: UInt64, id: String)] = []
    private var sequence: UInt64 = 0
    public private(set) var inFlightCount = 0

    public init() {}

    /// Events the schedule knows (waiting and in flight).
    public var count: Int { entries.count }

    public func entry(_ requestId: String) -> Entry? { entries[requestId] }

    /// The earliest due time of a waiting event.
    public var nextDue: Date? { waiting.first?.due }

    /// Adds an event (or replaces one with the same request id), due at `due`.
    public mutating func add(_ event: AsyncEvent, due: Date) {
        remove(event.requestId)
        entries[event.requestId] = Entry(event: event, due: due)
        insertWaiting(event.requestId, due: due)
    }

    /// Takes up to `limit` events that are due at `now`, earliest first, and marks them in flight.
    public mutating func takeDue(now: Date, limit: Int) -> [Entry] {
        var taken: [Entry] = []
        var index = 0
        while taken.count < limit, index < waiting.count, waiting[index].due <= now {
            let id = waiting[index].id
            index += 1
            guard var entry = entries[id] else { continue }
            entry.inFlight = true
            entries[id] = entry
            inFlightCount += 1
            taken.append(entry)
        }
        // One removal for the whole batch: a burst of thousands of due events stays linear.
        waiting.removeFirst(index)
        return taken
    }

    /// Puts an event that was in flight back to wait until `due`. `throttled` counts a throttle (or platform error)
    /// in a row; anything else resets that count.
    public mutating func reschedule(
        _ event: AsyncEvent, due: Date, throttled: Bool, lastResult: AsyncAttemptResult? = nil
    ) {
        guard var entry = entries[event.requestId] else { return }
        if entry.inFlight {
            entry.inFlight = false
            inFlightCount -= 1
        } else {
            waiting.removeAll { $0.id == event.requestId }
        }
        entry.event = event
        entry.due = due
        entry.throttles = throttled ? entry.throttles + 1 : 0
        if let lastResult { entry.lastResult = lastResult }
        entries[event.requestId] = entry
        insertWaiting(event.requestId, due: due)
    }

    /// Forgets an event (it succeeded, failed for good, or is gone).
    public mutating func remove(_ requestId: String) {
        guard let entry = entries.removeValue(forKey: requestId) else { return }
        if entry.inFlight {
            inFlightCount -= 1
        } else {
            waiting.removeAll { $0.id == requestId }
        }
    }

    /// An invocation of `function` ended, so it may have room for one more: the earliest of its throttled events
    /// becomes due now instead of waiting out its backoff.
    public mutating func slotFreed(function: String, now: Date) {
        guard
            let index = waiting.firstIndex(where: { item in
                guard let entry = entries[item.id] else { return false }
                return entry.event.function == function && entry.throttles > 0 && item.due > now
            })
        else { return }
        let id = waiting.remove(at: index).id
        entries[id]?.due = now
        insertWaiting(id, due: now)
    }

    /// The throttles in a row of an event, counting the one being recorded.
    public func throttlesAfterThis(_ requestId: String) -> Int { (entries[requestId]?.throttles ?? 0) + 1 }

    private mutating func insertWaiting(_ id: String, due: Date) {
        sequence += 1
        let item = (due: due, sequence: sequence, id: id)
        // Binary search for the first item that sorts after the new one.
        var low = 0
        var high = waiting.count
        while low < high {
            let mid = (low + high) / 2
            let other = waiting[mid]
            if other.due < due || (other.due == due && other.sequence < item.sequence) {
                low = mid + 1
            } else {
                high = mid
            }
        }
        waiting.insert(item, at: low)
    }
}
