import Foundation

/// What a CreateEventSourceMapping or UpdateEventSourceMapping request says (`nil`: not given).
public struct EventSourceMappingPatch: Sendable, Equatable {
    public var eventSourceArn: String?
    public var functionName: String?
    public var enabled: Bool?
    public var batchSize: Int?
    public var maximumBatchingWindowInSeconds: Int?
    public var functionResponseTypes: [String]?
    /// `FilterCriteria` given: its patterns (an empty list clears them).
    public var filterPatterns: [String]?
    /// `ScalingConfig` given: its `MaximumConcurrency` (`.some(nil)` clears it).
    public var maximumConcurrency: Int??
    /// The fields below are for streams only; SQS refuses them.
    public var startingPosition: String?
    public var startingPositionTimestamp: Date?
    public var parallelizationFactor: Int?
    public var maximumRetryAttempts: Int?
    public var maximumRecordAgeInSeconds: Int?
    public var bisectBatchOnFunctionError: Bool?
    /// `DestinationConfig` given: its `OnFailure.Destination` (`.some(nil)` clears it).
    public var onFailureDestination: String??
    /// `DestinationConfig.OnSuccess` given: no mapping takes it.
    public var hasOnSuccessDestination = false
    /// Lamb has no tumbling windows: anything but 0 is refused.
    public var tumblingWindowInSeconds: Int?

    public init(
        eventSourceArn: String? = nil, functionName: String? = nil, enabled: Bool? = nil, batchSize: Int? = nil,
        maximumBatchingWindowInSeconds: Int? = nil, functionResponseTypes: [String]? = nil,
        filterPatterns: [String]? = nil, maximumConcurrency: Int?? = nil, startingPosition: String? = nil,
        startingPositionTimestamp: Date? = nil, parallelizationFactor: Int? = nil, maximumRetryAttempts: Int? = nil,
        maximumRecordAgeInSeconds: Int? = nil, bisectBatchOnFunctionError: Bool? = nil,
        onFailureDestination: String?? = nil, hasOnSuccessDestination: Bool = false, tumblingWindowInSeconds: Int? = nil
    ) {
        self.eventSourceArn = eventSourceArn
        self.functionName = functionName
        self.enabled = enabled
        self.batchSize = batchSize
        self.maximumBatchingWindowInSeconds = maximumBatchingWindowInSeconds
        self.functionResponseTypes = functionResponseTypes
        self.filterPatterns = filterPatterns
        self.maximumConcurrency = maximumConcurrency
        self.startingPosition = startingPosition
        self.startingPositionTimestamp = startingPositionTimestamp
        self.parallelizationFactor = parallelizationFactor
        self.maximumRetryAttempts = maximumRetryAttempts
        self.maximumRecordAgeInSeconds = maximumRecordAgeInSeconds
        self.bisectBatchOnFunctionError = bisectBatchOnFunctionError
        self.onFailureDestination = onFailureDestination
        self.hasOnSuccessDestination = hasOnSuccessDestination
        self.tumblingWindowInSeconds = tumblingWindowInSeconds
    }

    /// The stream-only fields this patch gives, by their API names (what SQS refuses).
    public var streamOnlyFields: [String] {
        var names: [String] = []
        if startingPosition != nil { names.append("StartingPosition") }
        if startingPositionTimestamp != nil { names.append("StartingPositionTimestamp") }
        if parallelizationFactor != nil { names.append("ParallelizationFactor") }
        if maximumRetryAttempts != nil { names.append("MaximumRetryAttempts") }
        if maximumRecordAgeInSeconds != nil { names.append("MaximumRecordAgeInSeconds") }
        if bisectBatchOnFunctionError != nil { names.append("BisectBatchOnFunctionError") }
        if onFailureDestination != nil || hasOnSuccessDestination { names.append("DestinationConfig") }
        if tumblingWindowInSeconds != nil { names.append("TumblingWindowInSeconds") }
        return names
    }
}
