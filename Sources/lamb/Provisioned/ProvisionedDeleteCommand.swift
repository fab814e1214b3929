import ArgumentParser

/// `lamb provisioned delete`: DeleteProvisionedConcurrencyConfig. Prints nothing.
struct ProvisionedDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Remove a version's or alias's provisioned concurrency.")

    @Argument(help: "The function's name or ARN.") var function: String

    @Option(help: "The version number or alias name (required).") var qualifier: String

    /// Accepted for scripts that pass it to every command; a deletion prints nothing either way.
    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            _ = try await endpoint.client().checked(
                "DELETE", ProvisionedCommand.path(function), query: LambClient.qualifierQuery(qualifier))
        }
    }
}
