import ArgumentParser
import Foundation

/// `lamb destinations`: what Lamb delivered to its local sinks in place of SQS queues, SNS topics, EventBridge buses
/// and S3 buckets (destinations and dead-letter queues), from `/_lamb/v1/destinations`.
struct DestinationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destinations",
        abstract: "Print the messages sent to destination and dead-letter ARNs; --follow keeps printing new ones.",
        discussion: """
            Each message is a header line (time, kind, target, function, request id, condition) followed by its \
            body: Lambda's invocation record for a destination, the original event for a dead-letter queue (whose \
            RequestID, ErrorCode and ErrorMessage attributes are on an 'attributes' line). When `lamb serve` has an \
            endpoint for the target's service, a line says whether the message was delivered there or why its \
            delivery is still being retried. With --output json, one JSON object per line. Exit codes: 0 done (also \
            when --follow is interrupted with Ctrl-C); 2 the server could not be reached or answered with an error; \
            64 invalid arguments.
            """)

    /// Messages asked for per request; a long sink is read in pages.
    static let pageSize = 1000
    /// How often `--follow` asks for new messages.
    static let pollInterval: Duration = .milliseconds(250)

    @Argument(help: "Only messages sent to this ARN (an SQS queue, SNS topic, EventBridge bus or S3 bucket).")
    var target: String?

    @Flag(name: [.short, .long], help: "Keep printing new messages until interrupted (Ctrl-C).") var follow = false

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let client = endpoint.client()
            // Ctrl-C is how --follow ends: a normal exit. Output is unbuffered, and `_exit` is async-signal-safe.
            if follow { signal(SIGINT) { _ in _exit(0) } }
            var after: Int64 = 0
            while true {
                let (messages, next) = try await read(client, after: after)
                for message in messages { Console.out(output.isJSON ? Self.jsonLine(message) : Self.text(message)) }
                if messages.count < Self.pageSize {
                    if !follow { break }
                    try await Task.sleep(for: Self.pollInterval)
                }
                after = next
            }
        }
    }

    /// One page of messages after position `after`, and the position to continue from.
    private func read(_ client: LambClient, after: Int64) async throws -> ([[String: Any]], Int64) {
        var query = [("after", String(after)), ("limit", String(Self.pageSize))]
        if let target { query.append(("target", target)) }
        let response = try await client.checked("GET", "/_lamb/v1/destinations", query: query)
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
            let messages = object["messages"] as? [[String: Any]]
        else { throw ClientError.unexpectedResponse("not a list of messages") }
        let next = (object["nextAfter"] as? NSNumber)?.int64Value ?? after
        return (messages, next)
    }

    static func jsonLine(_ message: [String: Any]) -> String {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? JSONSerialization.data(withJSONObject: message, options: options)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func text(_ message: [String: Any]) -> String {
        let fields = ["timestamp", "kind", "target", "function", "requestId", "condition"]
        var text = fields.compactMap { message[$0] as? String }.joined(separator: "  ") + "\n"
        if let attributes = message["attributes"] as? [String: String], !attributes.isEmpty {
            text +=
                "  attributes: "
                + attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: " ") + "\n"
        }
        if let line = deliveryLine(message["delivery"] as? [String: Any]) { text += "  \(line)\n" }
        let body = message["body"].flatMap { Console.prettyJSON(object: $0) } ?? ""
        text += body.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        return text + "\n\n"
    }

    /// Where the message went beyond the local sink: delivered to the service, or still trying (with why).
    static func deliveryLine(_ delivery: [String: Any]?) -> String? {
        guard let delivery, let state = delivery["state"] as? String else { return nil }
        let attempts = (delivery["attempts"] as? NSNumber)?.intValue ?? 0
        switch state {
        case "delivered":
            return "delivered: \(delivery["at"] as? String ?? "")"
        case "pending" where attempts > 0:
            let error = delivery["lastError"] as? String ?? ""
            return "delivery failing after \(attempts) attempt\(attempts == 1 ? "" : "s"), retried: \(error)"
        case "pending":
            return "delivery pending"
        default:
            return nil
        }
    }
}
