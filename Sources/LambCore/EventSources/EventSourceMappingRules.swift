import Foundation

/// Lambda's checks on mapping parameters, with its wording, and how a request becomes a mapping. Pure: the caller
/// has resolved the function.
public enum EventSourceMappingRules {
    public static let defaultSQSBatchSize = 10
    public static let maximumFilters = 5

    /// Lambda's answer to a source it does not know (or Lamb does not poll).
    public static func unrecognizedSource(_ arn: String?) -> LambError {
        if let arn, arn.hasPrefix("arn:"), arn.split(separator: ":").count > 2 {
            let service = arn.split(separator: ":")[2]
            if ["kafka", "mq", "docdb"].contains(service) {
                return LambError.invalidParameter(
                    "Lamb does not poll \(service) event sources; only SQS queues, Kinesis data streams and DynamoDB "
                        + "streams can be mapped.")
            }
        }
        return LambError.invalidParameter("Unrecognized event source, must be kinesis, dynamodb stream or sqs.")
    }

    /// Checks each field a patch gives against the API model's constraints (whatever the source).
    public static func validate(_ patch: EventSourceMappingPatch) throws(LambError) {
        if let size = patch.batchSize {
            if size < 1 { throw constraint(size, "batchSize", "greater than or equal to 1") }
            if size > 10000 { throw constraint(size, "batchSize", "less than or equal to 10000") }
        }
        if let window = patch.maximumBatchingWindowInSeconds {
            if window < 0 { throw constraint(window, "maximumBatchingWindowInSeconds", "greater than or equal to 0") }
            if window > 300 { throw constraint(window, "maximumBatchingWindowInSeconds", "less than or equal to 300") }
        }
        if let concurrency = patch.maximumConcurrency ?? nil {
            if concurrency < 2 {
                throw constraint(concurrency, "scalingConfig.maximumConcurrency", "greater than or equal to 2")
            }
            if concurrency > 1000 {
                throw constraint(concurrency, "scalingConfig.maximumConcurrency", "less than or equal to 1000")
            }
        }
        if let types = patch.functionResponseTypes, types.contains(where: { $0 != "ReportBatchItemFailures" }) {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '[\(types.joined(separator: ", "))]' at 'functionResponseTypes' "
                    + "failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value "
                    + "set: [ReportBatchItemFailures]]")
        }
        if let patterns = patch.filterPatterns {
            if patterns.count > maximumFilters {
                throw LambError.invalidParameter(
                    "The number of filters (\(patterns.count)) exceeds the limit of \(maximumFilters).")
            }
            for pattern in patterns { _ = try FilterPattern(pattern) }
        }
        if let factor = patch.parallelizationFactor {
            if factor < 1 { throw constraint(factor, "parallelizationFactor", "greater than or equal to 1") }
            if factor > 10 { throw constraint(factor, "parallelizationFactor", "less than or equal to 10") }
        }
        if let retries = patch.maximumRetryAttempts {
            if retries < -1 { throw constraint(retries, "maximumRetryAttempts", "greater than or equal to -1") }
            if retries > 10000 { throw constraint(retries, "maximumRetryAttempts", "less than or equal to 10000") }
        }
        if let age = patch.maximumRecordAgeInSeconds {
            if age < -1 { throw constraint(age, "maximumRecordAgeInSeconds", "greater than or equal to -1") }
            if age > 604800 { throw constraint(age, "maximumRecordAgeInSeconds", "less than or equal to 604800") }
        }
        if let window = patch.tumblingWindowInSeconds {
            if window < 0 { throw constraint(window, "tumblingWindowInSeconds", "greater than or equal to 0") }
            if window > 900 { throw constraint(window, "tumblingWindowInSeconds", "less than or equal to 900") }
        }
    }

    /// SQS takes none of the stream-only fields.
    public static func validateForSQS(_ patch: EventSourceMappingPatch) throws(LambError) {
        guard let field = patch.streamOnlyFields.first else { return }
        if field == "StartingPosition" {
            throw LambError.invalidParameter("StartingPosition is not valid for SQS event sources.")
        }
        throw unsupported(field)
    }

    /// Lambda's answer to a field the mapping's source does not take.
    static func unsupported(_ field: String) -> LambError {
        LambError.invalidParameter("Unsupported \(field) parameter for given event source mapping type.")
    }

    /// Lambda's rules that tie fields together, on the mapping a request would leave.
    public static func validateCombination(_ mapping: EventSourceMapping, queue: SQSQueueArn) throws(LambError) {
        if queue.isFIFO {
            if mapping.batchSize > 10 {
                throw LambError.invalidParameter("Batch size must be between 1 and 10 for FIFO queues.")
            }
            if mapping.maximumBatchingWindowInSeconds > 0 {
                throw LambError.invalidParameter("Batching window is not supported for FIFO queues.")
            }
        } else if mapping.batchSize > 10 && mapping.maximumBatchingWindowInSeconds < 1 {
            throw LambError.invalidParameter(
                "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10")
        }
    }

    /// A new mapping from a create request (validated), `Creating` until its poller starts.
    public static func create(
        _ patch: EventSourceMappingPatch, queue: SQSQueueArn, functionName: String, qualifier: String?,
        uuid: String = UUID().uuidString.lowercased(), now: Date
    ) throws(LambError) -> EventSourceMapping {
        try validate(patch)
        try validateForSQS(patch)
        let mapping = EventSourceMapping(
            uuid: uuid, eventSourceArn: patch.eventSourceArn ?? "", functionName: functionName, qualifier: qualifier,
            batchSize: patch.batchSize ?? defaultSQSBatchSize,
            maximumBatchingWindowInSeconds: patch.maximumBatchingWindowInSeconds ?? 0,
            functionResponseTypes: patch.functionResponseTypes ?? [], filterPatterns: patch.filterPatterns ?? [],
            maximumConcurrency: patch.maximumConcurrency ?? nil, enabled: patch.enabled ?? true, state: .creating,
            stateTransitionReason: "USER_INITIATED", lastModified: now)
        try validateCombination(mapping, queue: queue)
        return mapping
    }

    /// `mapping` changed by an update request: `Updating` (or `Enabling`/`Disabling`) until the poller takes it.
    public static func merging(
        _ patch: EventSourceMappingPatch, into mapping: EventSourceMapping, functionName: String?, qualifier: String?,
        now: Date
    ) throws(LambError) -> EventSourceMapping {
        try validate(patch)
        let stream = StreamSourceArn(mapping.eventSourceArn)
        if let stream {
            try validateForStream(patch, stream, creating: false)
        } else {
            try validateForSQS(patch)
        }
        var next = mapping
        if let functionName {
            next.functionName = functionName
            next.qualifier = qualifier
        }
        if let value = patch.batchSize { next.batchSize = value }
        if let value = patch.maximumBatchingWindowInSeconds { next.maximumBatchingWindowInSeconds = value }
        if let value = patch.functionResponseTypes { next.functionResponseTypes = value }
        if let value = patch.filterPatterns { next.filterPatterns = value }
        if let value = patch.maximumConcurrency { next.maximumConcurrency = value }
        if let value = patch.enabled { next.enabled = value }
        if stream != nil, let settings = next.stream {
            next.stream = applying(patch, to: settings)
        } else if let queue = SQSQueueArn(next.eventSourceArn) {
            try validateCombination(next, queue: queue)
        }
        if next.enabled != mapping.enabled {
            next.state = next.enabled ? .enabling : .disabling
        } else {
            next.state = .updating
        }
        next.stateTransitionReason = "USER_INITIATED"
        next.lastModified = now
        return next
    }

    static func constraint(_ value: Int, _ field: String, _ rule: String) -> LambError {
        LambError.invalidParameter(
            "1 validation error detected: Value '\(value)' at '\(field)' failed to satisfy constraint: Member must "
                + "have value \(rule)")
    }
}
