import ArgumentParser
import Foundation

/// `lamb function list`: ListFunctions, every page.
struct FunctionListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List functions: name, runtime, memory, timeout, last modified.")

    @Flag(help: "Print {\"Functions\": [...]} (every page) as JSON instead of a table.") var json = false

    @Option(
        name: .customLong("page-size"),
        help: ArgumentHelp("Functions per request (MaxItems; the server sends at most 50).", valueName: "n"))
    var pageSize: Int?

    @OptionGroup var endpoint: EndpointOptions

    func validate() throws {
        if let pageSize, !(1...10000).contains(pageSize) { throw ValidationError("--page-size must be 1...10000") }
    }

    func run() async throws {
        try await reportingFailures {
            let client = endpoint.client()
            var functions: [[String: Any]] = []
            var marker: String?
            // Follow NextMarker until the last page, as the AWS CLI's paginator does.
            repeat {
                var query: [(String, String)] = []
                if let pageSize { query.append(("MaxItems", String(pageSize))) }
                if let marker { query.append(("Marker", marker)) }
                let response = try await client.checked("GET", "/2015-03-31/functions", query: query)
                guard let page = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
                    let items = page["Functions"] as? [[String: Any]]
                else { throw ClientError.unexpectedResponse("ListFunctions answered without a Functions list") }
                functions += items
                let next = page["NextMarker"] as? String
                // A marker that does not move would loop forever; a server bug should not hang the CLI.
                if let next, next == marker { throw ClientError.unexpectedResponse("NextMarker repeats: \(next)") }
                marker = next.flatMap { $0.isEmpty ? nil : $0 }
            } while marker != nil
            if json {
                Console.out((Console.prettyJSON(object: ["Functions": functions]) ?? "{}") + "\n")
            } else {
                Console.out(Self.table(functions))
            }
        }
    }

    static func table(_ functions: [[String: Any]]) -> String {
        var table = TextTable(header: ["NAME", "RUNTIME", "MEMORY", "TIMEOUT", "LAST MODIFIED"])
        for function in functions {
            let memory = (function["MemorySize"] as? Int).map { "\($0) MB" } ?? "-"
            let timeout = (function["Timeout"] as? Int).map { "\($0) s" } ?? "-"
            table.rows.append([
                function["FunctionName"] as? String ?? "-",
                function["Runtime"] as? String ?? "-",
                memory,
                timeout,
                lastModified(function["LastModified"] as? String),
            ])
        }
        return table.render()
    }

    /// Lambda's `2024-01-01T12:00:00.000+0000` as `2024-01-01 12:00:00 UTC`: the table is for reading.
    static func lastModified(_ text: String?) -> String {
        guard let text, text.count >= 19, text.hasSuffix("+0000") else { return text ?? "-" }
        return text.prefix(19).replacingOccurrences(of: "T", with: " ") + " UTC"
    }
}
