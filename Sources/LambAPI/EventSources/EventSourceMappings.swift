import Foundation
import LambAWS
import LambCore
import LambStore
import Logging
import Synchronization

/// The event source mappings: stored in SQLite, kept in memory for the API, and run by ``run()`` (one poller each
/// while enabled). API changes go to the store first, then to the runner through `changes`, which restarts the
/// mapping's poller with what it now says.
public final class EventSourceMappings: Sendable {
    let database: LambDatabase
    let registry: FunctionRegistry
    let aws: AWSConfiguration
    let logger: Logger
    let invoker: MappingInvoker
    private let current = Mutex<[String: EventSourceMapping]>([:])
    /// How far behind each mapping's poller is, in seconds: the age of the oldest message of its last SQS batch, or
    /// of a stream's last processed record (Lambda's `IteratorAge`). For `/metrics`.
    private let lagSeconds = Mutex<[String: Double]>([:])
    private let changes: AsyncStream<String>
    private let changed: AsyncStream<String>.Continuation

    init(database: LambDatabase, registry: FunctionRegistry, invoker: MappingInvoker, aws: AWSConfiguration, logger: Logger) {
        self.database = database
        self.registry = registry
        self.invoker = invoker
        self.aws = aws
        self.logger = logger
        (changes, changed) = AsyncStream.makeStream(of: String.self)
    }

    /// Reads the stored mappings; each is started by ``run()``.
    func load() async throws {
        let stored = try await database.eventSourceMappings()
        current.withLock { map in for mapping in stored { map[mapping.uuid] = mapping } }
        for mapping in stored { changed.yield(mapping.uuid) }
    }

    /// Every mapping whose function still exists, oldest first. Mappings of deleted functions were deleted with
    /// them in SQLite (a cascade); they are forgotten here.
    func all() -> [EventSourceMapping] {
        let mappings = current.withLock { Array($0.values) }
        var alive: [EventSourceMapping] = []
        for mapping in mappings {
            if registry.function(named: mapping.functionName) == nil {
                _ = current.withLock { $0.removeValue(forKey: mapping.uuid) }
                changed.yield(mapping.uuid)
            } else {
                alive.append(mapping)
            }
        }
        return alive.sorted { ($0.lastModified, $0.uuid) < ($1.lastModified, $1.uuid) }
    }

    func mapping(_ uuid: String) -> EventSourceMapping? {
        all().first { $0.uuid == uuid }
    }

    /// Stores `mapping` (new or changed) and tells the runner.
    func save(_ mapping: EventSourceMapping) async throws {
        try await database.saveEventSourceMapping(mapping)
        current.withLock { $0[mapping.uuid] = mapping }
        changed.yield(mapping.uuid)
    }

    /// Marks the mapping `Deleting`; the runner stops its poller and removes it.
    func delete(_ uuid: String) async throws -> EventSourceMapping? {
        guard var mapping = mapping(uuid) else { return nil }
        mapping.state = .deleting
        current.withLock { $0[uuid] = mapping }
        try await database.deleteEventSourceMapping(uuid: uuid)
        changed.yield(uuid)
        return mapping
    }

    /// The poller's report: where the mapping stands and what its last batch did. Stored when the state changes (so
    /// it survives a restart); `lastProcessingResult` alone stays in memory.
    func report(_ uuid: String, state: EventSourceMapping.State? = nil, reason: String? = nil, result: String?) async {
        let changedState: EventSourceMapping? = current.withLock { map in
            guard var mapping = map[uuid], mapping.state != .deleting else { return nil }
            let stateChanges = (state != nil && state != mapping.state) || (reason != nil && reason != mapping.stateTransitionReason)
            if let state { mapping.state = state }
            if let reason { mapping.stateTransitionReason = reason }
            if let result { mapping.lastProcessingResult = result }
            map[uuid] = mapping
            return stateChanges ? mapping : nil
        }
        if let changedState { try? await database.saveEventSourceMapping(changedState) }
    }

    func recordLag(_ uuid: String, seconds: Double) {
        lagSeconds.withLock { $0[uuid] = max(seconds, 0) }
    }

    /// The last lag of each mapping that still exists.
    func lags() -> [String: Double] {
        let alive = Set(all().map(\.uuid))
        return lagSeconds.withLock { lags in lags.filter { alive.contains($0.key) } }
    }

    /// A poller's problem, as `LastProcessingResult` says it (and a warning in Lamb's log): the endpoint of `service`
    /// unreachable or answering an error, or the function call refused.
    func report(problem error: any Error, of uuid: String, service: String) async {
        let text: String
        switch error {
        case let error as AWSTransportError: text = "PROBLEM: Lamb cannot reach the \(service) endpoint (\(error))"
        case let error as AWSServiceError: text = "PROBLEM: \(service) answered \(error)"
        case let error as LambError: text = "PROBLEM: Function call failed (\(error.message))"
        default: text = "PROBLEM: \(error)"
        }
        logger.warning("event source mapping", metadata: ["uuid": "\(uuid)", "problem": "\(text)"])
        await report(uuid, result: text)
    }

    /// Runs each enabled mapping's poller until ``stop()``; a change restarts the mapping's poller.
    func run() async {
        await withDiscardingTaskGroup { group in
            var running: [String: AsyncStream<Void>.Continuation] = [:]
            for await uuid in changes {
                running.removeValue(forKey: uuid)?.finish()
                guard let mapping = current.withLock({ $0[uuid] }) else { continue }
                if mapping.state == .deleting {
                    _ = current.withLock { $0.removeValue(forKey: uuid) }
                    continue
                }
                guard mapping.enabled else {
                    await report(uuid, state: .disabled, result: nil)
                    continue
                }
                guard let poller = await poller(for: mapping) else { continue }
                let (stopped, stop) = AsyncStream.makeStream(of: Void.self)
                running[uuid] = stop
                group.addTask {
                    // The poller runs until its mapping changes (`stop` finishes) or Lamb stops (cancellation).
                    await withTaskGroup(of: Void.self) { pair in
                        pair.addTask { await poller() }
                        pair.addTask { for await _ in stopped {} }
                        await pair.next()
                        pair.cancelAll()
                    }
                }
            }
            for stop in running.values { stop.finish() }
            group.cancelAll()
        }
    }

    /// The poller that runs `mapping` (SQS, Kinesis or DynamoDB Streams, by its ARN), or `nil` when its service has
    /// no endpoint (reported on the mapping).
    private func poller(for mapping: EventSourceMapping) async -> (@Sendable () async -> Void)? {
        let stream = StreamSourceArn(mapping.eventSourceArn)
        let service = stream.map { StreamSource.endpointKey($0.kind) } ?? "sqs"
        guard let endpoint = aws.endpoints.url(for: service) else {
            let name = stream.map { $0.kind == .kinesis ? "Kinesis" : "DynamoDB Streams" } ?? "SQS"
            let problem =
                "PROBLEM: no \(name) endpoint is configured (lamb serve --aws-endpoint URL or --endpoint \(service)=URL)"
            await report(mapping.uuid, state: .enabled, reason: problem, result: problem)
            return nil
        }
        if let stream {
            let poller = StreamPoller(
                mapping: mapping, stream: stream, endpoint: endpoint, credentials: aws.credentials, mappings: self,
                invoker: invoker, logger: logger)
            return { await poller.run() }
        }
        let poller = SQSPoller(
            mapping: mapping, endpoint: endpoint, credentials: aws.credentials, mappings: self, invoker: invoker)
        return { await poller.run() }
    }

    /// No more changes: ``run()`` stops every poller and returns.
    func stop() {
        changed.finish()
    }
}

/// Where mappings reach AWS: the endpoints, region and credentials of `lamb serve`.
public struct AWSConfiguration: Sendable {
    public var endpoints: AWSEndpoints
    public var credentials: AWSCredentials?

    public init(endpoints: AWSEndpoints = AWSEndpoints(), credentials: AWSCredentials? = nil) {
        self.endpoints = endpoints
        self.credentials = credentials
    }
}
