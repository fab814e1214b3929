import Foundation

/// Lambda's rules for Kinesis and DynamoDB Streams mappings.
extension EventSourceMappingRules {
    public static let defaultStreamBatchSize = 100
    public static let startingPositions = ["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"]
    /// The services whose ARNs may receive a stream mapping's OnFailure records.
    public static let onFailureServices = ["sqs", "sns", "s3"]

    /// The checks a stream mapping adds to ``validate(_:)``. `creating`: a create request, which must say where to
    /// start (an update cannot change it).
    public static func validateForStream(
        _ patch: EventSourceMappingPatch, _ stream: StreamSourceArn, creating: Bool
    ) throws(LambError) {
        if creating {
            guard let position = patch.startingPosition else {
                throw LambError.invalidParameter(
                    "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: "
                        + "Member must not be null.")
            }
            guard startingPositions.contains(position) else {
                throw LambError.invalidParameter(
                    "1 validation error detected: Value '\(position)' at 'startingPosition' failed to satisfy "
                        + "constraint: Member must satisfy enum value set: [\(startingPositions.joined(separator: ", "))]"
                )
            }
            if position == "AT_TIMESTAMP" {
                guard stream.kind == .kinesis else {
                    throw LambError.invalidParameter("Unsupported starting position for arn type: \(stream.arn)")
                }
                if patch.startingPositionTimestamp == nil {
                    throw LambError.invalidParameter("Need to specify a timestamp")
                }
            }
        }
        if let age = patch.maximumRecordAgeInSeconds, (0..<60).contains(age) {
            throw LambError.invalidParameter(
                "MaximumRecordAgeInSeconds must be -1 (no limit) or between 60 and 604800 seconds.")
        }
        if patch.hasOnSuccessDestination {
            throw unsupported("DestinationConfig")
        }
        if let destination = patch.onFailureDestination ?? nil, !destination.isEmpty {
            let parts = destination.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 6, parts[0] == "arn", onFailureServices.contains(String(parts[2])) else {
                throw LambError.invalidParameter(
                    "The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure("
                        + "destination=\(destination))) is invalid.")
            }
        }
        if let window = patch.tumblingWindowInSeconds, window > 0 {
            throw LambError.invalidParameter(
                "Lamb does not emulate tumbling windows: TumblingWindowInSeconds must be 0 or left out.")
        }
        if case .some(.some) = patch.maximumConcurrency {
            throw unsupported("ScalingConfig")
        }
    }

    /// A new stream mapping from a create request (validated), with Lambda's defaults for streams.
    public static func create(
        _ patch: EventSourceMappingPatch, stream: StreamSourceArn, functionName: String, qualifier: String?,
        uuid: String = UUID().uuidString.lowercased(), now: Date
    ) throws(LambError) -> EventSourceMapping {
        try validate(patch)
        try validateForStream(patch, stream, creating: true)
        let position = patch.startingPosition ?? "LATEST"
        let settings = applying(
            patch,
            to: StreamSettings(
                startingPosition: position,
                startingPositionTimestamp: position == "AT_TIMESTAMP" ? patch.startingPositionTimestamp : nil))
        return EventSourceMapping(
            uuid: uuid, eventSourceArn: stream.arn, functionName: functionName, qualifier: qualifier,
            batchSize: patch.batchSize ?? defaultStreamBatchSize,
            maximumBatchingWindowInSeconds: patch.maximumBatchingWindowInSeconds ?? 0,
            functionResponseTypes: patch.functionResponseTypes ?? [], filterPatterns: patch.filterPatterns ?? [],
            maximumConcurrency: nil, enabled: patch.enabled ?? true, state: .creating,
            stateTransitionReason: "USER_INITIATED", lastModified: now, stream: settings)
    }

    /// `settings` with what the patch changes (validated).
    static func applying(_ patch: EventSourceMappingPatch, to settings: StreamSettings) -> StreamSettings {
        var next = settings
        if let value = patch.parallelizationFactor { next.parallelizationFactor = value }
        if let value = patch.maximumRetryAttempts { next.maximumRetryAttempts = value }
        if let value = patch.maximumRecordAgeInSeconds { next.maximumRecordAgeInSeconds = value }
        if let value = patch.bisectBatchOnFunctionError { next.bisectBatchOnFunctionError = value }
        if let value = patch.onFailureDestination {
            next.onFailureDestination = value.flatMap { $0.isEmpty ? nil : $0 }
        }
        return next
    }
}
