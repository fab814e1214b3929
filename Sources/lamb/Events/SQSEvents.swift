import ArgumentParser
import Crypto
import Foundation

/// `lamb generate-event sqs receive-message`: a batch of one SQS message, as an event source mapping delivers it.
struct SQSEvents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sqs", abstract: "Amazon SQS messages.", subcommands: [SQSReceiveMessage.self])
}

struct SQSReceiveMessage: SampleEvent {
    static let configuration = CommandConfiguration(
        commandName: "receive-message", abstract: "A message received from a queue.")
    @OptionGroup var origin: EventOrigin
    @Option(name: .customLong("queue-name"), help: "The queue's name (its ARN is built from it).") var queueName =
        "MyQueue"
    @Option(name: .customLong("queue-arn"), help: "The queue's ARN, instead of --queue-name.") var queueArn: String?
    @Option(help: "The message body.") var body = "Hello from SQS!"

    func event(now: Date) -> [String: Any] {
        let sent = String(SampleEventJSON.epochMilliseconds(now))
        let arn = queueArn ?? origin.arn("sqs", queueName)
        // The region in the record is the queue's.
        let region = arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(3).first.map(String.init)
        let record: [String: Any] = [
            "messageId": SampleEventJSON.uuid(),
            "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
            "body": body,
            "attributes": [
                "ApproximateReceiveCount": "1",
                "SentTimestamp": sent,
                "SenderId": "AIDAIENQZJOLO23YVJ4VO",
                "ApproximateFirstReceiveTimestamp": sent,
            ],
            "messageAttributes": [String: Any](),
            "md5OfBody": Insecure.MD5.hash(data: Data(body.utf8)).map { String(format: "%02x", $0) }.joined(),
            "eventSource": "aws:sqs",
            "eventSourceARN": arn,
            "awsRegion": region ?? origin.region,
        ]
        return ["Records": [record]]
    }
}
