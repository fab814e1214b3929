import ArgumentParser
import Foundation
import LambCore

/// `lamb stats`: invocations, GB-seconds and the bill Lambda would send for them, from `/_lamb/v1/stats`.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print invocations, GB-seconds and an estimated Lambda bill for the invocation history.",
        discussion: """
            Per function: invocations, errors, throttles, cold starts and restores, billed GB-seconds (init \
            included for on-demand cold starts, as Lambda bills since August 2025), and the cost of requests, \
            duration, provisioned-concurrency duration and SnapStart restores at Lambda's public prices \
            (x86_64 or arm64 as the function is set); then provisioned concurrency and SnapStart caches held over \
            the period, and the total. These are estimates from durations measured on this machine. Exit codes: 0 \
            done; 2 the server could not be reached or answered with an error; 64 invalid arguments.
            """)

    @Argument(help: "Only this function.") var function: String?
    @Option(help: "Only invocations since this time (2026-05-01T12:00:00Z) or age (15m, 2h, 7d).") var since: String?
    @Flag(name: .customLong("free-tier"), help: "Take Lambda's monthly free tier off the total.") var freeTier = false
    @OptionGroup var output: OutputOptions<TableByDefault>
    @Flag(
        name: .customLong("print-prices"),
        help: "Print the built-in price table as JSON (edit it and pass it to lamb serve --prices) and exit.")
    var printPrices = false

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        if printPrices {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Console.out(String(decoding: try encoder.encode(LambdaPrices.published), as: UTF8.self) + "\n")
            return
        }
        try await reportingFailures {
            var query: [(String, String)] = []
            if let function { query.append(("function", function)) }
            if let since { query.append(("since", since)) }
            if freeTier { query.append(("freeTier", "1")) }
            let response = try await endpoint.client().checked("GET", "/_lamb/v1/stats", query: query)
            if output.isJSON {
                Console.out(Console.prettyJSON(response.body) + "\n")
                return
            }
            guard let stats = try? JSONDecoder().decode(Stats.self, from: response.body) else {
                throw ClientError.unexpectedResponse("not stats")
            }
            Console.out(Self.text(stats))
        }
    }

    struct Stats: Decodable {
        var from: String
        var to: String
        var estimate: CostEstimate
        var note: String
    }

    static func text(_ stats: Stats) -> String {
        let e = stats.estimate
        var table = TextTable(
            header: ["FUNCTION", "INVOCATIONS", "ERRORS", "THROTTLES", "COLD", "RESTORES", "GB-SECONDS", "COST"])
        for f in e.functions {
            table.rows.append([
                f.function, "\(f.invocations)", "\(f.errors)", "\(f.throttles)", "\(f.coldStarts)", "\(f.restores)",
                String(format: "%.3f", f.gigabyteSeconds + f.provisionedGigabyteSeconds), money(f.total, e.currency),
            ])
        }
        var text = "from \(stats.from) to \(stats.to)\n" + table.render()
        for s in e.standing {
            text += "\(s.kind) \(s.function):\(s.qualifier): \(String(format: "%.1f", s.gigabyteSeconds)) GB-s, "
                + "\(money(s.cost, e.currency))\n"
        }
        if e.freeTierCredit > 0 { text += "free tier: -\(money(e.freeTierCredit, e.currency))\n" }
        text += "total: \(money(e.total, e.currency))\n\(stats.note)\n"
        return text
    }

    /// Dollars to the millionth: single invocations cost fractions of a cent.
    static func money(_ value: Double, _ currency: String) -> String {
        String(format: "%.6f", value) + " " + currency
    }
}
