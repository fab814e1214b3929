import ArgumentParser

/// `lamb provisioned get`: GetProvisionedConcurrencyConfig.
struct ProvisionedGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show a version's or alias's provisioned concurrency and its status.")

    @Argument(help: "The function's name or ARN.") var function: String

    @Option(help: "The version number or alias name (required).") var qualifier: String

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let response = try await endpoint.client().checked(
                "GET", ProvisionedCommand.path(function), query: LambClient.qualifierQuery(qualifier))
            try output.show(response) { ProvisionedCommand.table([$0], qualifier: qualifier) }
        }
    }
}
