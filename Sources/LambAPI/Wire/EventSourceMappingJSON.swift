import Foundation
import LambCore

/// `EventSourceMappingConfiguration` as Lambda answers it.
struct EventSourceMappingJSON: Encodable {
    struct Filters: Encodable {
        struct Filter: Encodable { var Pattern: String }
        var Filters: [Filter]
    }
    struct Scaling: Encodable { var MaximumConcurrency: Int }

    var UUID: String
    var BatchSize: Int
    var MaximumBatchingWindowInSeconds: Int
    var EventSourceArn: String
    var FilterCriteria: Filters?
    var FunctionArn: String
    var LastModified: Double
    var LastProcessingResult: String?
    var State: String
    var StateTransitionReason: String
    var FunctionResponseTypes: [String]
    var ScalingConfig: Scaling?
    var EventSourceMappingArn: String

    init(_ mapping: EventSourceMapping, account: AccountContext) {
        UUID = mapping.uuid
        BatchSize = mapping.batchSize
        MaximumBatchingWindowInSeconds = mapping.maximumBatchingWindowInSeconds
        EventSourceArn = mapping.eventSourceArn
        FilterCriteria =
            mapping.filterPatterns.isEmpty ? nil : Filters(Filters: mapping.filterPatterns.map { .init(Pattern: $0) })
        FunctionArn = account.functionArn(mapping.functionName, qualifier: mapping.qualifier)
        LastModified = (mapping.lastModified.timeIntervalSince1970 * 1000).rounded() / 1000
        LastProcessingResult = mapping.lastProcessingResult
        State = mapping.state.rawValue
        StateTransitionReason = mapping.stateTransitionReason
        FunctionResponseTypes = mapping.functionResponseTypes
        ScalingConfig = mapping.maximumConcurrency.map { Scaling(MaximumConcurrency: $0) }
        EventSourceMappingArn = "arn:aws:lambda:\(account.region):\(account.accountId):event-source-mapping:\(mapping.uuid)"
    }
}

struct EventSourceMappingListJSON: Encodable {
    var EventSourceMappings: [EventSourceMappingJSON]
    var NextMarker: String?
}

/// The body of CreateEventSourceMapping and UpdateEventSourceMapping (the fields SQS mappings use; others are
/// ignored).
struct EventSourceMappingRequestJSON: Decodable {
    struct Filters: Decodable {
        struct Filter: Decodable { var Pattern: String? }
        var Filters: [Filter]?
    }
    struct Scaling: Decodable { var MaximumConcurrency: Int? }

    var EventSourceArn: String?
    var FunctionName: String?
    var Enabled: Bool?
    var BatchSize: Int?
    var MaximumBatchingWindowInSeconds: Int?
    var FunctionResponseTypes: [String]?
    var FilterCriteria: Filters?
    var ScalingConfig: Scaling?
    var StartingPosition: String?

    var patch: EventSourceMappingPatch {
        EventSourceMappingPatch(
            eventSourceArn: EventSourceArn, functionName: FunctionName, enabled: Enabled, batchSize: BatchSize,
            maximumBatchingWindowInSeconds: MaximumBatchingWindowInSeconds,
            functionResponseTypes: FunctionResponseTypes,
            filterPatterns: FilterCriteria.map { ($0.Filters ?? []).map { $0.Pattern ?? "" } },
            maximumConcurrency: ScalingConfig.map { $0.MaximumConcurrency },
            startingPosition: StartingPosition)
    }
}
