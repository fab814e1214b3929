import Foundation
import LambAWS
import LambCore
import LambTemplates

/// A template's `AWS::SQS::Queue` resources, made on the configured SQS endpoint so that the template's mappings and
/// destinations find their queues. Lamb creates and updates queues but never deletes one: a queue removed from the
/// template keeps its messages on the endpoint.
extension StackSynchronizer {
    /// Attributes SQS fixes at creation: not sent to SetQueueAttributes.
    private static let creationOnlyAttributes: Set<String> = ["FifoQueue"]

    func createQueues(_ stack: LoadedStack) async {
        guard let aws = eventSources?.aws, let endpoint = aws.endpoints.url(for: "sqs"), !stack.queues.isEmpty else {
            return
        }
        let client = SQSClient(endpoint: endpoint, region: registry.account.region, credentials: aws.credentials)
        // A queue's redrive policy names its dead-letter queue, which must exist first.
        let ordered =
            stack.queues.filter { $0.attributes["RedrivePolicy"] == nil }
            + stack.queues.filter { $0.attributes["RedrivePolicy"] != nil }
        for queue in ordered {
            do {
                try await client.createQueue(name: queue.name, attributes: queue.attributes)
            } catch let error as AWSServiceError where ["QueueAlreadyExists", "QueueNameExists"].contains(error.code) {
                await update(queue, client)
            } catch {
                say("\(queue.logicalId): queue \(queue.name) not created on \(endpoint.absoluteString): \(error)")
            }
        }
    }

    /// The queue exists with other attributes: the template's win, as a stack update would make them.
    private func update(_ queue: StackQueue, _ client: SQSClient) async {
        do {
            let url = try await client.queueURL(named: queue.name)
            let changeable = queue.attributes.filter { !Self.creationOnlyAttributes.contains($0.key) }
            if !changeable.isEmpty { try await client.setQueueAttributes(url, attributes: changeable) }
            say("\(queue.logicalId): queue \(queue.name) updated")
        } catch {
            say("\(queue.logicalId): queue \(queue.name) not updated: \(error)")
        }
    }
}

/// What a stack needs to make its event sources: the AWS endpoints, and the mappings.
struct StackEventSources: Sendable {
    let aws: AWSConfiguration
    let mappings: EventSourceMappings
}
