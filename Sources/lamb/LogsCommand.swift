import ArgumentParser
import Foundation
import LambCore

/// `lamb logs`: a function's log group, as CloudWatch shows it, read through `/_lamb/v1/functions/{name}/logs`.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print a function's log events; --follow keeps printing new ones.",
        discussion: """
            Logs outlive their function, as CloudWatch log groups do: a deleted function's logs can still be read. \
            Exit codes: 0 done (also when --follow is interrupted with Ctrl-C); 2 the server could not be reached \
            or answered with an error, or the function has no logs and does not exist; 64 invalid arguments.
            """)

    /// Events asked for per request; a long log is read in pages.
    static let pageSize = 1000
    /// How often `--follow` asks for new events.
    static let pollInterval: Duration = .milliseconds(250)

    @Argument(help: "The function's name.") var function: String

    @Flag(name: [.short, .long], help: "Keep printing new events until interrupted (Ctrl-C).") var follow = false

    @Option(
        help: ArgumentHelp(
            "Only events from this long ago on (30s, 10m, 2h, 1d, 1w) or from an ISO 8601 time.", valueName: "when"))
    var since: String?

    @Flag(name: .customLong("show-stream"), help: "Prefix each event with its log stream's name.")
    var showStream = false

    @Flag(help: "Prefix each event with its time (UTC, ISO 8601).") var timestamps = false

    /// `json` prints each event as a line of JSON (`timestamp`, `logStreamName`, `message`), for `jq`.
    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func validate() throws {
        if let since, LogsSince.parse(since, now: Date()) == nil {
            throw ValidationError("--since: expected e.g. 30s, 10m, 2h, 1d or 2024-01-01T12:00:00Z, got '\(since)'")
        }
    }

    func run() async throws {
        try await reportingFailures {
            let client = endpoint.client()
            let start = since.flatMap { LogsSince.parse($0, now: Date()) }
            let startMilliseconds = start.map { Int64($0.timeIntervalSince1970 * 1000) } ?? Int64.min
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if follow { Self.exitOnInterrupt() }
            var offset: UInt64 = 0
            var logGroupExists = false
            while true {
                let (events, next) = try await read(client, from: offset)
                logGroupExists = logGroupExists || !events.isEmpty
                let shown = events.filter { $0.timestamp >= startMilliseconds }
                if !shown.isEmpty { Console.out(shown.map { format($0, formatter) }.joined()) }
                // The offset stops moving once the end of the log group is reached.
                if next == offset {
                    if !follow { break }
                    try await Task.sleep(for: Self.pollInterval)
                }
                offset = next
            }
            if !logGroupExists { try await requireFunction(client) }
        }
    }

    /// One page of events from byte `offset` of the log group.
    private func read(_ client: LambClient, from offset: UInt64) async throws -> ([LogEvent], UInt64) {
        struct Page: Decodable {
            var events: [LogEvent]
            var nextOffset: UInt64
        }
        let response = try await client.checked(
            "GET", "/_lamb/v1/functions/\(LambClient.escape(function))/logs",
            query: [("offset", String(offset)), ("limit", String(Self.pageSize))])
        let page = try client.decode(Page.self, from: response)
        return (page.events, page.nextOffset)
    }

    /// One event as a line: the message, after the time and stream if asked for; or the event as JSON.
    private func format(_ event: LogEvent, _ formatter: ISO8601DateFormatter) -> String {
        if output.isJSON {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: (try? encoder.encode(event)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
        }
        var line = ""
        if timestamps {
            line += formatter.string(from: Date(timeIntervalSince1970: Double(event.timestamp) / 1000)) + " "
        }
        if showStream { line += event.logStreamName + " " }
        return line + event.message + "\n"
    }

    /// A missing log group is also what a misspelt name gives; say so rather than print nothing and succeed.
    private func requireFunction(_ client: LambClient) async throws {
        _ = try await client.checked("GET", LambClient.functionPath(function, "/configuration"))
    }

    /// Ctrl-C is how `--follow` ends, so it is a normal exit (0), not the shell's 130. Output is unbuffered
    /// (`Console`), so nothing is lost by `_exit`, which is async-signal-safe (unlike `exit`, which runs atexit
    /// handlers that could race with the polling task).
    private static func exitOnInterrupt() {
        signal(SIGINT) { _ in _exit(0) }
    }
}

/// `--since`: a time relative to now (`30s`, `10m`, `2h`, `1d`, `1w`, as `aws logs tail --since`) or an ISO 8601
/// time. Lamb's own `DurationParser` has no days or weeks and serves `lamb serve`, so this stays separate.
enum LogsSince {
    static func parse(_ text: String, now: Date) -> Date? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        if let unit = text.last, let factor = units[unit], let value = Double(text.dropLast()), value >= 0 {
            return now.addingTimeInterval(-value * factor)
        }
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        for formatter in [plain, withFraction] {
            if let date = formatter.date(from: text) { return date }
        }
        // A time without a zone is read as UTC, as Lambda's log timestamps are.
        return text.contains("Z") || text.contains("+") ? nil : plain.date(from: text + "Z")
    }
}
