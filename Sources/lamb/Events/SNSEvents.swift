import ArgumentParser
import Foundation

/// `lamb generate-event sns notification`: a message published to a topic the function subscribes to.
struct SNSEvents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sns", abstract: "Amazon SNS notifications.", subcommands: [SNSNotification.self])
}

struct SNSNotification: SampleEvent {
    static let configuration = CommandConfiguration(
        commandName: "notification", abstract: "A message published to a topic.")
    @OptionGroup var origin: EventOrigin
    @Option(help: "The topic's name.") var topic = "ExampleTopic"
    @Option(help: "The message's subject.") var subject = "example subject"
    @Option(help: "The message.") var message = "example message"

    func event(now: Date) -> [String: Any] {
        let topicArn = origin.arn("sns", topic)
        let subscription = "\(topicArn):\(SampleEventJSON.uuid())"
        let endpoint = "https://sns.\(origin.region).amazonaws.com"
        let notification: [String: Any] = [
            "Type": "Notification",
            "MessageId": SampleEventJSON.uuid(),
            "TopicArn": topicArn,
            "Subject": subject,
            "Message": message,
            "Timestamp": SampleEventJSON.iso8601(now),
            "SignatureVersion": "1",
            "Signature": "EXAMPLE",
            "SigningCertUrl": "\(endpoint)/SimpleNotificationService-0000000000000000000000.pem",
            "UnsubscribeUrl": "\(endpoint)/?Action=Unsubscribe&SubscriptionArn=\(subscription)",
            "MessageAttributes": [String: Any](),
        ]
        let record: [String: Any] = [
            "EventVersion": "1.0",
            "EventSubscriptionArn": subscription,
            "EventSource": "aws:sns",
            "Sns": notification,
        ]
        return ["Records": [record]]
    }
}
