import ArgumentParser

/// `lamb provisioned put`: PutProvisionedConcurrencyConfig.
struct ProvisionedPutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put", abstract: "Provision concurrency for a version or alias.")

    @Argument(help: "The function's name or ARN.") var function: String

    @Argument(help: "Environments to keep initialised.") var count: Int

    @Option(help: "The version number or alias name (required).") var qualifier: String

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let response = try await endpoint.client().checked(
                "PUT", ProvisionedCommand.path(function), query: LambClient.qualifierQuery(qualifier),
                object: ["ProvisionedConcurrentExecutions": count])
            try output.show(response) { ProvisionedCommand.table([$0], qualifier: qualifier) }
        }
    }
}
