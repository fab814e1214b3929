import Foundation
import LambCore

/// `EventSourceMappingConfiguration` as Lambda answers it.
struct EventSourceMappingJSON: Encodable {
    struct Filters: Encodable {
        struct Filter: Encodable { var Pattern: String }
        var Filters: [Filter]
    }
    struct Scaling: Encodable { var MaximumConcurrency: Int }
    struct Destinations: Encodable {
        struct OnFailure: Encodable { var Destination: String? }
        var OnFailure: OnFailure
    }

    // The stream fields are shown for stream mappings only (`nil` members are left out).
    var UUID: String
    var StartingPosition: String?
    var StartingPositionTimestamp: Double?
    var BatchSize: Int
    var MaximumBatchingWindowInSeconds: Int
    var ParallelizationFactor: Int?
    var EventSourceArn: String
    var FilterCriteria: Filters?
    var FunctionArn: String
    var LastModified: Double
    var LastProcessingResult: String?
    var State: String
    var StateTransitionReason: String
    var DestinationConfig: Destinations?
    var MaximumRecordAgeInSeconds: Int?
    var BisectBatchOnFunctionError: Bool?
    var MaximumRetryAttempts: Int?
    var TumblingWindowInSeconds: Int?
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
        if let stream = mapping.stream {
            StartingPosition = stream.startingPosition
            StartingPositionTimestamp = stream.startingPositionTimestamp?.timeIntervalSince1970
            ParallelizationFactor = stream.parallelizationFactor
            DestinationConfig = Destinations(OnFailure: .init(Destination: stream.onFailureDestination))
            MaximumRecordAgeInSeconds = stream.maximumRecordAgeInSeconds
            BisectBatchOnFunctionError = stream.bisectBatchOnFunctionError
            MaximumRetryAttempts = stream.maximumRetryAttempts
            TumblingWindowInSeconds = 0
        }
    }
}

struct EventSourceMappingListJSON: Encodable {
    var EventSourceMappings: [EventSourceMappingJSON]
    var NextMarker: String?
}

/// The body of CreateEventSourceMapping and UpdateEventSourceMapping (the fields SQS and stream mappings use;
/// others are ignored).
struct EventSourceMappingRequestJSON: Decodable {
    struct Filters: Decodable {
        struct Filter: Decodable { var Pattern: String? }
        var Filters: [Filter]?
    }
    struct Scaling: Decodable { var MaximumConcurrency: Int? }
    struct Destinations: Decodable {
        struct Target: Decodable { var Destination: String? }
        var OnFailure: Target?
        var OnSuccess: Target?
    }

    var EventSourceArn: String?
    var FunctionName: String?
    var Enabled: Bool?
    var BatchSize: Int?
    var MaximumBatchingWindowInSeconds: Int?
    var FunctionResponseTypes: [String]?
    var FilterCriteria: Filters?
    var ScalingConfig: Scaling?
    var StartingPosition: String?
    var StartingPositionTimestamp: RequestTimestamp?
    var ParallelizationFactor: Int?
    var MaximumRetryAttempts: Int?
    var MaximumRecordAgeInSeconds: Int?
    var BisectBatchOnFunctionError: Bool?
    var DestinationConfig: Destinations?
    var TumblingWindowInSeconds: Int?

    var patch: EventSourceMappingPatch {
        EventSourceMappingPatch(
            eventSourceArn: EventSourceArn, functionName: FunctionName, enabled: Enabled, batchSize: BatchSize,
            maximumBatchingWindowInSeconds: MaximumBatchingWindowInSeconds,
            functionResponseTypes: FunctionResponseTypes,
            filterPatterns: FilterCriteria.map { ($0.Filters ?? []).map { $0.Pattern ?? "" } },
            maximumConcurrency: ScalingConfig.map { $0.MaximumConcurrency },
            startingPosition: StartingPosition, startingPositionTimestamp: StartingPositionTimestamp?.date,
            parallelizationFactor: ParallelizationFactor, maximumRetryAttempts: MaximumRetryAttempts,
            maximumRecordAgeInSeconds: MaximumRecordAgeInSeconds, bisectBatchOnFunctionError: BisectBatchOnFunctionError,
            onFailureDestination: DestinationConfig.map { $0.OnFailure?.Destination },
            hasOnSuccessDestination: DestinationConfig?.OnSuccess?.Destination.map { !$0.isEmpty } ?? false,
            tumblingWindowInSeconds: TumblingWindowInSeconds)
    }
}

/// A timestamp member of a request: epoch seconds (what the SDKs send) or ISO 8601 text.
struct RequestTimestamp: Decodable {
    var date: Date

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Double.self) {
            date = Date(timeIntervalSince1970: seconds)
        } else {
            let text = try container.decode(String.self)
            guard let parsed = Double(text).map(Date.init(timeIntervalSince1970:)) ?? (try? Date(text, strategy: .iso8601))
            else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a timestamp: \(text)")
            }
            date = parsed
        }
    }
}
