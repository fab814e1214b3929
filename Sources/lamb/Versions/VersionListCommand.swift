import ArgumentParser

/// `lamb version list`: ListVersionsByFunction, every page.
struct VersionListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List a function's versions, $LATEST first.")

    @Argument(help: "The function's name or ARN.") var function: String

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let versions = try await endpoint.client().allPages(
                LambClient.functionPath(function, "/versions"), key: "Versions")
            output.show(versions, key: "Versions", table: VersionCommand.table)
        }
    }
}
