import ArgumentParser
import Foundation

/// `lamb function list`: ListFunctions, every page.
struct FunctionListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List functions: name, runtime, memory, timeout, last modified.")

    @Option(
        name: .customLong("page-size"),
        help: ArgumentHelp("Functions per request (MaxItems; the server sends at most 50).", valueName: "n"))
    var pageSize: Int?

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func validate() throws {
        if let pageSize, !(1...10000).contains(pageSize) { throw ValidationError("--page-size must be 1...10000") }
    }

    func run() async throws {
        try await reportingFailures {
            let functions = try await endpoint.client().allPages(
                "/2015-03-31/functions", query: pageSize.map { [("MaxItems", String($0))] } ?? [], key: "Functions")
            output.show(functions, key: "Functions", table: Self.table)
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
                TableCell.time(function["LastModified"]),
            ])
        }
        return table.render()
    }
}
