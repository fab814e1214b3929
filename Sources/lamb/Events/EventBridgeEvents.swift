import ArgumentParser
import Foundation

/// `lamb generate-event eventbridge scheduled-event` (also `cloudwatch scheduled-event`, SAM's name): the event a
/// schedule rule sends.
struct EventBridgeEvents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eventbridge", abstract: "Amazon EventBridge (CloudWatch Events) events.",
        subcommands: [EventBridgeScheduledEvent.self], aliases: ["cloudwatch"])
}

struct EventBridgeScheduledEvent: SampleEvent {
    static let configuration = CommandConfiguration(
        commandName: "scheduled-event", abstract: "The event of a schedule rule.")
    @OptionGroup var origin: EventOrigin
    @Option(help: "The rule's name.") var rule = "ExampleRule"

    func event(now: Date) -> [String: Any] {
        [
            "version": "0",
            "id": SampleEventJSON.uuid(),
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "account": origin.accountId,
            "time": SampleEventJSON.iso8601(now, milliseconds: false),
            "region": origin.region,
            "resources": [origin.arn("events", "rule/\(rule)")],
            "detail": [String: Any](),
        ]
    }
}
