import Foundation
import LambAWS
import LambCore

/// Making a mapping, the same way for CreateEventSourceMapping and for a template's mappings: Lambda's rules for the
/// source's kind, one mapping per source and function, and the queue's visibility timeout.
extension EventSourceMappings {
    /// Validates, checks and stores a new mapping of `patch.eventSourceArn` to `function` (which exists).
    func create(
        _ patch: EventSourceMappingPatch, function reference: FunctionReference, owner: String? = nil,
        uuid: String = UUID().uuidString.lowercased()
    ) async throws -> EventSourceMapping {
        var mapping = try Self.newMapping(patch, function: reference, uuid: uuid)
        mapping.owner = owner
        let arn = mapping.eventSourceArn
        if let duplicate = all().first(where: {
            $0.eventSourceArn == arn && $0.functionName == reference.name && $0.qualifier == reference.qualifier
                && $0.state != .deleting
        }) {
            if mapping.stream != nil {
                throw LambError.conflict(
                    "The event source arn (\" \(arn) \") and function (\" \(reference.name) \") provided mapping already "
                        + "exists. Please update or delete the existing mapping with UUID \(duplicate.uuid)")
            }
            throw LambError.conflict(
                "An event source mapping with SQS arn (\" \(arn) \") and function (\" \(reference.name) \") already "
                    + "exists. Please update or delete the existing mapping with UUID \(duplicate.uuid)")
        }
        if let queue = SQSQueueArn(arn) { try await checkVisibilityTimeout(queue, reference) }
        try await save(mapping)
        return mapping
    }

    /// The mapping a create request makes, by the kind of source its ARN names.
    static func newMapping(_ patch: EventSourceMappingPatch, function reference: FunctionReference, uuid: String)
        throws(LambError) -> EventSourceMapping
    {
        guard let arn = patch.eventSourceArn else { throw EventSourceMappingRules.unrecognizedSource(nil) }
        if let stream = StreamSourceArn(arn) {
            return try EventSourceMappingRules.create(
                patch, stream: stream, functionName: reference.name, qualifier: reference.qualifier, uuid: uuid,
                now: Date())
        }
        if let queue = SQSQueueArn(arn) {
            return try EventSourceMappingRules.create(
                patch, queue: queue, functionName: reference.name, qualifier: reference.qualifier, uuid: uuid,
                now: Date())
        }
        throw EventSourceMappingRules.unrecognizedSource(arn)
    }

    /// Lambda refuses a queue whose visibility timeout is shorter than the function's timeout (a batch would come
    /// back while the function still runs). Checked when the endpoint answers; an unreachable endpoint is the
    /// poller's to report.
    private func checkVisibilityTimeout(_ queue: SQSQueueArn, _ reference: FunctionReference) async throws {
        guard let endpoint = aws.endpoints.url(for: "sqs"), let definition = try? registry.definition(reference) else {
            return
        }
        let client = SQSClient(endpoint: endpoint, region: queue.region, credentials: aws.credentials)
        guard let url = try? await client.queueURL(for: queue),
            let attributes = try? await client.queueAttributes(url, names: ["VisibilityTimeout"]),
            let visibility = attributes["VisibilityTimeout"].flatMap(Int.init)
        else { return }
        let timeout = definition.settings.timeout
        if visibility < timeout {
            throw LambError.invalidParameter(
                "Queue visibility timeout: \(visibility) seconds is less than Function timeout: \(timeout) seconds")
        }
    }
}
