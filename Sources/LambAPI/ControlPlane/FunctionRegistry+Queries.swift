import Foundation
import LambCore
import LambEngine
import LambStore

/// What routes read and change besides functions themselves, through the registry rather than its database or the
/// engine: event invoke configs, destination messages kept by the local sink, and what the engine knows about
/// running functions (environments, concurrency, snapshots, logs).
extension FunctionRegistry {
    // MARK: Event invoke configs (the function must exist; callers check the qualifier)

    func putEventInvokeConfig(function: String, qualifier: String, _ config: EventInvokeConfig) async throws {
        try await database.putEventInvokeConfig(function: function, qualifier: qualifier, config)
    }

    /// Changes the stored config with `change`; `nil` when there is none.
    func updateEventInvokeConfig(
        function: String, qualifier: String, _ change: @escaping @Sendable (EventInvokeConfig) throws -> EventInvokeConfig
    ) async throws -> EventInvokeConfig? {
        try await database.updateEventInvokeConfig(function: function, qualifier: qualifier, change)
    }

    /// The config of a function that exists, or `nil`.
    func eventInvokeConfig(function: String, qualifier: String) async throws -> EventInvokeConfig? {
        guard self.function(named: function) != nil else { return nil }
        return try await database.eventInvokeConfig(function: function, qualifier: qualifier)
    }

    /// Deletes the config of a function that exists; `false` when there was none.
    func deleteEventInvokeConfig(function: String, qualifier: String) async throws -> Bool {
        guard self.function(named: function) != nil else { return false }
        return try await database.deleteEventInvokeConfig(function: function, qualifier: qualifier)
    }

    /// Every config of a function, by qualifier; `ResourceNotFoundException` when the function does not exist.
    func eventInvokeConfigs(function: String) async throws -> [(qualifier: String, config: EventInvokeConfig)] {
        guard self.function(named: function) != nil else { throw LambError.notFound("The function doesn't exist.") }
        return try await database.eventInvokeConfigs(function: function)
    }

    // MARK: Destinations

    /// Messages the local destination sink kept (`target` narrows to one), after message `after`.
    func destinationMessages(target: String?, after: Int64, limit: Int) async throws -> [DestinationMessage] {
        try await database.destinationMessages(target: target, after: after, limit: limit)
    }

    // MARK: What the engine knows (read without a hop onto the registry: the engine is thread-safe)

    /// `ConcurrentExecutions` and `UnreservedConcurrentExecutions` of GetAccountSettings.
    nonisolated var accountConcurrency: (limit: Int, unreserved: Int) {
        (engine.concurrencyLimit, engine.unreservedConcurrency())
    }

    nonisolated func environments(function: String?) -> [EnvironmentSummary] { engine.environments(function: function) }

    nonisolated func snapStartState(of definition: FunctionDefinition) -> SnapStartState? {
        engine.snapStartState(function: definition.name, version: definition.version)
    }

    /// A function's log events from `offset`, and where the next read starts.
    nonisolated func logEvents(function: String, from offset: UInt64, limit: Int) -> ([LogEvent], UInt64) {
        engine.logs.read(function: function, from: offset, limit: limit)
    }
}
