/// An event source mapping the template declares: a function's `SQS`, `Kinesis` or `DynamoDB` event, or an
/// `AWS::Lambda::EventSourceMapping` resource. Fields are what the template says (`nil`: not set); Lambda's
/// defaults and validation apply when Lamb creates the mapping.
public struct StackEventSourceMapping: Sendable, Equatable {
    /// The resource's logical id, or for a SAM event the function's logical id followed by the event's key (as
    /// SAM names the mapping it generates).
    public var logicalId: String
    public var functionName: String
    /// The alias (SAM's `AutoPublishAlias`) or version the mapping invokes; `nil`: `$LATEST`.
    public var qualifier: String?
    public var eventSourceArn: String
    public var enabled: Bool?
    public var batchSize: Int?
    public var maximumBatchingWindowInSeconds: Int?
    public var functionResponseTypes: [String]?
    /// `FilterCriteria.Filters[].Pattern`.
    public var filterPatterns: [String]?
    /// `ScalingConfig.MaximumConcurrency`.
    public var maximumConcurrency: Int?
    public var startingPosition: String?
    /// `StartingPositionTimestamp`, in seconds since 1970.
    public var startingPositionTimestamp: Double?
    public var parallelizationFactor: Int?
    public var maximumRetryAttempts: Int?
    public var maximumRecordAgeInSeconds: Int?
    public var bisectBatchOnFunctionError: Bool?
    /// `DestinationConfig.OnFailure.Destination`.
    public var onFailureDestination: String?
    public var tumblingWindowInSeconds: Int?

    public init(logicalId: String, functionName: String, qualifier: String?, eventSourceArn: String) {
        self.logicalId = logicalId
        self.functionName = functionName
        self.qualifier = qualifier
        self.eventSourceArn = eventSourceArn
    }
}

/// An `AWS::SQS::Queue` of the template: Lamb creates it on the configured SQS endpoint (when there is one) so that
/// the template's mappings and destinations have their queue.
public struct StackQueue: Sendable, Equatable {
    public var logicalId: String
    /// `QueueName`, or the name Lamb gives an unnamed queue (`<stack>-<logical id>`, as its ARN says).
    public var name: String
    /// CreateQueue's attributes: `VisibilityTimeout`, `RedrivePolicy` (as JSON), `FifoQueue`, ... as text.
    public var attributes: [String: String]

    public init(logicalId: String, name: String, attributes: [String: String]) {
        self.logicalId = logicalId
        self.name = name
        self.attributes = attributes
    }
}
