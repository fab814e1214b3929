import ArgumentParser

/// `lamb permission get`: GetPolicy, its statements as a table.
struct PermissionGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show a function's resource-based policy, a statement a row.")

    @Argument(help: "The function's name or ARN.") var function: String

    @Option(help: "A version number or alias name: its own policy (default: the function's).")
    var qualifier: String?

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let response = try await endpoint.client().checked(
                "GET", PermissionCommand.path(function), query: LambClient.qualifierQuery(qualifier))
            try output.show(response) { answer in
                let policy = try PermissionCommand.document(answer["Policy"])
                // The revision id under the table: what --revision-id wants for the next add or remove.
                return PermissionCommand.table(policy["Statement"] as? [[String: Any]] ?? [])
                    + "revision id: \(TableCell.text(answer, "RevisionId"))\n"
            }
        }
    }
}
