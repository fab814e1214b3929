import ArgumentParser

/// `lamb url delete`: DeleteFunctionUrlConfig. Prints nothing.
struct URLDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a function's URL (it stops answering).")

    @Argument(help: "The function's name or ARN.") var function: String

    @Option(help: "An alias name (default $LATEST).") var qualifier: String?

    /// Accepted for scripts that pass it to every command; a deletion prints nothing either way.
    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            _ = try await endpoint.client().checked(
                "DELETE", URLCommand.path(function), query: LambClient.qualifierQuery(qualifier))
        }
    }
}
