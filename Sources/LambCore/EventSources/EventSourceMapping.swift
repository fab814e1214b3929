import Foundation

/// An event source mapping: Lamb polls `eventSourceArn` and invokes the function with batches of what it reads.
/// Stored as JSON (one row per mapping); the API's shape is built from it.
public struct EventSourceMapping: Sendable, Equatable, Codable {
    /// Lambda's mapping states. `Creating`, `Enabling`, `Updating` and `Disabling` last until the poller has taken
    /// the change; `Deleting` until it has stopped.
    public enum State: String, Sendable, Codable {
        case creating = "Creating", enabling = "Enabling", enabled = "Enabled", disabling = "Disabling"
        case disabled = "Disabled", updating = "Updating", deleting = "Deleting"
    }

    public var uuid: String
    public var eventSourceArn: String
    /// The function's name and the qualifier the mapping invokes (`nil`: `$LATEST`).
    public var functionName: String
    public var qualifier: String?
    public var batchSize: Int
    public var maximumBatchingWindowInSeconds: Int
    /// `ReportBatchItemFailures` or nothing.
    public var functionResponseTypes: [String]
    /// `FilterCriteria.Filters[].Pattern`, as written.
    public var filterPatterns: [String]
    /// `ScalingConfig.MaximumConcurrency` (2–1000), or none.
    public var maximumConcurrency: Int?
    /// What the user asked for; `state` is where the poller stands.
    public var enabled: Bool
    public var state: State
    public var stateTransitionReason: String
    public var lastModified: Date
    public var lastProcessingResult: String?
    /// Streams only (`nil` for SQS, and in mappings stored before streams were read): see ``StreamSettings``.
    public var stream: StreamSettings?
    /// `STACK/LOGICAL-ID` for a mapping a template declares (it changes and goes with the template); `nil` for one
    /// made through the API.
    public var owner: String?

    public init(
        uuid: String, eventSourceArn: String, functionName: String, qualifier: String?, batchSize: Int,
        maximumBatchingWindowInSeconds: Int, functionResponseTypes: [String], filterPatterns: [String],
        maximumConcurrency: Int?, enabled: Bool, state: State, stateTransitionReason: String, lastModified: Date,
        lastProcessingResult: String? = nil, stream: StreamSettings? = nil
    ) {
        self.uuid = uuid
        self.eventSourceArn = eventSourceArn
        self.functionName = functionName
        self.qualifier = qualifier
        self.batchSize = batchSize
        self.maximumBatchingWindowInSeconds = maximumBatchingWindowInSeconds
        self.functionResponseTypes = functionResponseTypes
        self.filterPatterns = filterPatterns
        self.maximumConcurrency = maximumConcurrency
        self.enabled = enabled
        self.state = state
        self.stateTransitionReason = stateTransitionReason
        self.lastModified = lastModified
        self.lastProcessingResult = lastProcessingResult
        self.stream = stream
    }

    public var reportsBatchItemFailures: Bool { functionResponseTypes.contains("ReportBatchItemFailures") }

    /// The parsed filters (validated when stored, so they parse).
    public var filters: [FilterPattern] { filterPatterns.compactMap { try? FilterPattern($0) } }

    /// The state the poller settles in.
    public var settledState: State { enabled ? .enabled : .disabled }

    /// Whether the two say the same thing about what to poll and how, whatever their state, times and results.
    public func hasSameSettings(as other: EventSourceMapping) -> Bool {
        var a = self
        let b = other
        a.state = b.state
        a.stateTransitionReason = b.stateTransitionReason
        a.lastModified = b.lastModified
        a.lastProcessingResult = b.lastProcessingResult
        return a == b
    }
}

/// What a Kinesis or DynamoDB Streams mapping adds to a mapping, with Lambda's defaults filled in.
public struct StreamSettings: Sendable, Equatable, Codable {
    /// `TRIM_HORIZON`, `LATEST` or `AT_TIMESTAMP` (Kinesis only), where a shard is first read.
    public var startingPosition: String
    /// With `AT_TIMESTAMP`.
    public var startingPositionTimestamp: Date?
    /// Batches in flight per shard (1–10). Lamb processes one at a time whatever it says.
    public var parallelizationFactor: Int
    /// -1: until the records expire.
    public var maximumRetryAttempts: Int
    /// -1: no limit.
    public var maximumRecordAgeInSeconds: Int
    public var bisectBatchOnFunctionError: Bool
    /// `DestinationConfig.OnFailure.Destination`: where a batch that is given up is recorded.
    public var onFailureDestination: String?

    public init(
        startingPosition: String, startingPositionTimestamp: Date? = nil, parallelizationFactor: Int = 1,
        maximumRetryAttempts: Int = -1, maximumRecordAgeInSeconds: Int = -1, bisectBatchOnFunctionError: Bool = false,
        onFailureDestination: String? = nil
    ) {
        self.startingPosition = startingPosition
        self.startingPositionTimestamp = startingPositionTimestamp
        self.parallelizationFactor = parallelizationFactor
        self.maximumRetryAttempts = maximumRetryAttempts
        self.maximumRecordAgeInSeconds = maximumRecordAgeInSeconds
        self.bisectBatchOnFunctionError = bisectBatchOnFunctionError
        self.onFailureDestination = onFailureDestination
    }
}
