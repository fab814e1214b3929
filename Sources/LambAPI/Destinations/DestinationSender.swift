import Foundation
import LambAWS
import LambCore
import Synchronization

/// Sends one destination message to the service its target names, on the endpoint configured for that service.
final class DestinationSender: Sendable {
    let aws: AWSConfiguration
    let account: AccountContext
    /// Queue URLs by queue ARN: GetQueueUrl once per queue.
    private let queueURLs = Mutex<[String: String]>([:])

    init(aws: AWSConfiguration, account: AccountContext) {
        self.aws = aws
        self.account = account
    }

    /// The services a message can be delivered to with this configuration.
    var services: Set<String> {
        Set(["sqs", "sns", "events", "s3"].filter { aws.endpoints.url(for: $0) != nil })
    }

    struct Undeliverable: Error, CustomStringConvertible {
        let description: String
    }

    /// Delivers `message`; throws what the service (or the way to it) answered.
    func send(_ message: DestinationMessage) async throws {
        let service = message.targetService
        guard let endpoint = aws.endpoints.url(for: service) else {
            throw Undeliverable(description: "no endpoint is configured for \(service)")
        }
        let region = Self.region(of: message.target) ?? aws.endpoints.region
        let body = String(decoding: message.body, as: UTF8.self)
        switch service {
        case "sqs":
            guard let queue = SQSQueueArn(message.target) else { throw Undeliverable(description: "not a queue ARN") }
            let client = SQSClient(endpoint: endpoint, region: region, credentials: aws.credentials)
            let url = try await queueURL(queue, client)
            try await client.sendMessage(url, body: body, attributes: DestinationDelivery.messageAttributes(message))
        case "sns":
            let client = SNSClient(endpoint: endpoint, region: region, credentials: aws.credentials)
            try await client.publish(
                topicArn: message.target, message: body, attributes: DestinationDelivery.messageAttributes(message))
        case "events":
            let client = EventBridgeClient(endpoint: endpoint, region: region, credentials: aws.credentials)
            try await client.putEvent(
                busArn: message.target, source: message.attributes["source"] ?? "lambda",
                detailType: message.attributes["detail-type"] ?? "Lambda Function Invocation Result",
                detail: body, resources: [account.functionArn(message.function)])
        case "s3":
            guard let bucket = DestinationDelivery.bucket(of: message.target) else {
                throw Undeliverable(description: "not a bucket ARN")
            }
            let client = S3Client(endpoint: endpoint, region: region, credentials: aws.credentials)
            try await client.putObject(bucket: bucket, key: DestinationDelivery.s3Key(message), body: Array(message.body))
        default:
            throw Undeliverable(description: "Lamb does not deliver to \(service)")
        }
    }

    private func queueURL(_ queue: SQSQueueArn, _ client: SQSClient) async throws -> String {
        let key = "\(queue.region):\(queue.accountId):\(queue.queueName)"
        if let known = queueURLs.withLock({ $0[key] }) { return known }
        let url = try await client.queueURL(for: queue)
        queueURLs.withLock { $0[key] = url }
        return url
    }

    /// The region of an ARN (empty for S3 buckets: then the configured one).
    static func region(of arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, !parts[3].isEmpty else { return nil }
        return String(parts[3])
    }
}
