import ArgumentParser
import Foundation

/// `lamb history`: the invocations Lamb ran, newest last, from `/_lamb/v1/history`.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print the invocation history: how each invocation started, how long it took, what it used.",
        discussion: """
            One line per invocation: when it started, the function and version, how it got its environment (cold: \
            a new one was initialised; warm: reused; restore: a SnapStart snapshot; provisioned; none: throttled), \
            what triggered it (api, gateway, function-url, mapping, authorizer, async, schedule, destination, async-retry), duration, \
            billed duration, init or restore duration, memory used of memory size, outcome (and error type) and the \
            request id. --follow keeps printing new invocations until interrupted. Exit codes: 0 done; 2 the server \
            could not be reached or answered with an error; 64 invalid arguments.
            """)

    static let pollInterval: Duration = .milliseconds(250)

    @Argument(help: "Only this function's invocations.") var function: String?
    @Flag(name: [.short, .long], help: "Keep printing new invocations until interrupted (Ctrl-C).") var follow = false
    @Flag(help: "Only cold starts and restores.") var cold = false
    @Flag(help: "Only invocations that did not succeed (errors, timeouts, throttles).") var errors = false
    @Option(help: "Only invocations since this time (2026-05-01T12:00:00Z) or age (15m, 2h, 7d).") var since: String?
    @Option(help: "How many of the newest invocations to print first (at most 10000).") var limit = 50
    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func validate() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
    }

    func run() async throws {
        try await reportingFailures {
            let client = endpoint.client()
            if follow { signal(SIGINT) { _ in _exit(0) } }
            var after: Int64 = 0
            var first = true
            while true {
                let (records, next) = try await read(client, after: after, limit: first ? limit : 10_000)
                if output.isJSON {
                    Console.out(records.map(Self.jsonLine).joined())
                } else if first || !records.isEmpty {
                    Console.out(Self.table(records, header: first))
                }
                first = false
                if !follow { break }
                after = next
                try await Task.sleep(for: Self.pollInterval)
            }
        }
    }

    private func read(_ client: LambClient, after: Int64, limit: Int) async throws -> ([[String: Any]], Int64) {
        var query = [("after", String(after)), ("limit", String(limit))]
        if let function { query.append(("function", function)) }
        if cold { query.append(("cold", "1")) }
        if errors { query.append(("errors", "1")) }
        if let since { query.append(("since", since)) }
        let response = try await client.checked("GET", "/_lamb/v1/history", query: query)
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
            let records = object["invocations"] as? [[String: Any]]
        else { throw ClientError.unexpectedResponse("not an invocation history") }
        return (records, (object["nextAfter"] as? NSNumber)?.int64Value ?? after)
    }

    static func jsonLine(_ record: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func table(_ records: [[String: Any]], header: Bool) -> String {
        var table = TextTable(
            header: ["TIME", "FUNCTION", "VERSION", "START", "TRIGGER", "DURATION", "BILLED", "INIT", "MEMORY",
                     "OUTCOME", "REQUEST ID"])
        for r in records {
            let outcome = r["outcome"] as? String ?? ""
            let error = r["errorType"] as? String
            let initMs = (r["initDurationMs"] as? NSNumber) ?? (r["restoreDurationMs"] as? NSNumber)
            table.rows.append([
                r["startedAt"] as? String ?? "", r["function"] as? String ?? "",
                (r["alias"] as? String).map { "\(r["version"] as? String ?? "") (\($0))" } ?? (r["version"] as? String ?? ""),
                r["startKind"] as? String ?? "", r["trigger"] as? String ?? "",
                milliseconds(r["durationMs"] as? NSNumber), "\((r["billedDurationMs"] as? NSNumber)?.intValue ?? 0) ms",
                initMs.map { milliseconds($0) } ?? "-",
                "\((r["maxMemoryUsedMB"] as? NSNumber)?.intValue ?? 0)/\((r["memorySizeMB"] as? NSNumber)?.intValue ?? 0) MB",
                error.map { "\(outcome) (\($0))" } ?? outcome, r["requestId"] as? String ?? "",
            ])
        }
        let text = table.render()
        return header ? text : String(text.drop { $0 != "\n" }.dropFirst())
    }

    private static func milliseconds(_ value: NSNumber?) -> String {
        String(format: "%.2f ms", value?.doubleValue ?? 0)
    }
}
