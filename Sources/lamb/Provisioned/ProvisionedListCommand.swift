import ArgumentParser

/// `lamb provisioned list`: ListProvisionedConcurrencyConfigs, every page.
struct ProvisionedListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List a function's provisioned concurrency configurations.")

    @Argument(help: "The function's name or ARN.") var function: String

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let configs = try await endpoint.client().allPages(
                ProvisionedCommand.path(function), query: [("List", "ALL")], key: "ProvisionedConcurrencyConfigs")
            output.show(configs, key: "ProvisionedConcurrencyConfigs") { ProvisionedCommand.table($0) }
        }
    }
}
