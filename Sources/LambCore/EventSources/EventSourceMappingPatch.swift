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
    /// Only for streams; refused for SQS.
    public var startingPosition: String?

    public init(
        eventSourceArn: String? = nil, functionName: String? = nil, enabled: Bool? = nil, batchSize: Int? = nil,
        maximumBatchingWindowInSeconds: Int? = nil, functionResponseTypes: [String]? = nil,
        filterPatterns: [String]? = nil, maximumConcurrency: Int?? = nil, startingPosition: String? = nil
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
    }
}
