import ArgumentParser

/// `lamb concurrency`: a function's reserved concurrency (PutFunctionConcurrency, GetFunctionConcurrency,
/// DeleteFunctionConcurrency).
struct ConcurrencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concurrency",
        abstract: "Set, show or remove a function's reserved concurrency.",
        discussion: """
            Reserved concurrency is both a guarantee and a limit: that many concurrent executions are set aside \
            for the function, and it never runs more (0 stops it from running at all). \(ClientHelp.exitCodes)
            """,
        subcommands: [ConcurrencyPutCommand.self, ConcurrencyGetCommand.self, ConcurrencyDeleteCommand.self])

    /// One row: the function and its reserved concurrency, `unreserved` when it has none (it draws on the account's
    /// unreserved pool).
    static func table(_ function: String, _ answer: [String: Any]) -> String {
        var table = TextTable(header: ["FUNCTION", "RESERVED CONCURRENCY"])
        let reserved = answer["ReservedConcurrentExecutions"].map { TableCell.text($0) } ?? "unreserved"
        table.rows.append([function, reserved])
        return table.render()
    }
}
