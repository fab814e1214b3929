import Foundation

/// Durable storage of the asynchronous invocation queue, its configs and its sinks (implemented over SQLite).
///
/// Each method is one transaction: an event acknowledged with 202 is in the store, and an event's end (deleted or
/// marked failed) commits together with what it sends (sink messages, events for destination functions).
public protocol AsyncEventStore: Sendable {
    /// Stores a new event; it must be durable when this returns.
    func enqueueEvent(_ submission: AsyncEventSubmission) async throws

    /// Every event that has not ended (queued or retrying), oldest first.
    func pendingEvents() async throws -> [AsyncEvent]

    /// The payload of a stored event, `nil` if the event is gone.
    func eventPayload(_ requestId: String) async throws -> Data?

    /// Records an attempt of an event that will be retried (attempts, next attempt, state, last error).
    func updateEvent(_ event: AsyncEvent) async throws

    /// Ends an event: deletes it (it succeeded) or keeps it as failed (`event.state == .failed`), and in the same
    /// transaction appends `messages` to the sinks and enqueues `followUps` (invocations of destination functions).
    func finishEvent(_ event: AsyncEvent, messages: [DestinationMessage], followUps: [AsyncEventSubmission])
        async throws

    /// Events for `lamb events`: pending and failed ones, oldest first, of one function or all.
    func listEvents(function: String?, limit: Int) async throws -> [AsyncEvent]

    /// The event invoke config of a function's qualifier, if one was put.
    func eventInvokeConfig(function: String, qualifier: String) async throws -> EventInvokeConfig?
}
