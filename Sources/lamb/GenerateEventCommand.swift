import ArgumentParser
import Foundation
import LambAPI

/// `lamb generate-event SERVICE EVENT`: sample events of AWS services, ready for `lamb invoke FN -e -`. Services and
/// events are named as SAM CLI's `sam local generate-event` names them, and so are the options for the fields users
/// change. The shapes follow AWS's documentation of each event. No server is needed.
struct GenerateEventCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-event",
        abstract: "Print a sample event of an AWS service (as `sam local generate-event` does).",
        discussion: "Run without arguments for the services, with a service for its events.",
        subcommands: [
            APIGatewayEvents.self, CloudFrontEvents.self, DynamoDBEvents.self, EventBridgeEvents.self,
            KinesisEvents.self, S3Events.self, SNSEvents.self, SQSEvents.self,
        ])
}

/// One sample event: its options are the fields users change; `run` prints the event as pretty JSON.
protocol SampleEvent: ParsableCommand {
    /// The event as JSON objects (`[String: Any]`, arrays, strings, numbers, `Bool`, `NSNull`).
    func event(now: Date) -> [String: Any]
}

extension SampleEvent {
    func run() throws {
        print(try SampleEventJSON.render(event(now: Date())))
    }
}

/// Where an event comes from: SAM's `--region`, `--partition` and `--account-id`.
struct EventOrigin: ParsableArguments {
    @Option(help: "The region the event comes from.") var region = "us-east-1"
    @Option(help: "The partition of ARNs in the event.") var partition = "aws"
    @Option(name: .customLong("account-id"), help: "The account id in ARNs and fields of the event.")
    var accountId = "123456789012"

    /// `arn:<partition>:<service>:<region>:<account>:<resource>`.
    func arn(_ service: String, _ resource: String, region: String? = nil, account: String? = nil) -> String {
        "arn:\(partition):\(service):\(region ?? self.region):\(account ?? accountId):\(resource)"
    }
}

/// Renders sample events: pretty-printed, keys sorted so that the output is stable, slashes unescaped.
enum SampleEventJSON {
    static func render(_ object: [String: Any]) throws -> String {
        let data = try JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// ISO 8601 in UTC with milliseconds (`2026-01-01T00:00:00.000Z`), as S3 and SNS write times.
    static func iso8601(_ date: Date, milliseconds: Bool = true) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions =
            milliseconds ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// API Gateway's request time: `09/Apr/2015:12:34:56 +0000`.
    static func clf(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "dd/MMM/yyyy:HH:mm:ss Z"
        return formatter.string(from: date)
    }

    static func epochMilliseconds(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    static func uuid() -> String { UUID().uuidString.lowercased() }
}

extension GenerateEventCommand {
    /// Every sample event with its default options, for the dashboard's invoke form (`lamb serve` hands them to the
    /// server: the events live in this command line's code).
    static func templates(now: Date = Date()) -> [EventTemplate] {
        var templates: [EventTemplate] = []
        for service in configuration.subcommands {
            for event in service.configuration.subcommands {
                guard let sample = try? event.parse([]) as? any SampleEvent,
                    let json = try? SampleEventJSON.render(sample.event(now: now))
                else { continue }
                templates.append(
                    EventTemplate(
                        name: "\(service.configuration.commandName ?? "") \(event.configuration.commandName ?? "")",
                        description: event.configuration.abstract, event: json))
            }
        }
        return templates
    }
}
