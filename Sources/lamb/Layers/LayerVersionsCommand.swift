import ArgumentParser

/// `lamb layer versions`: ListLayerVersions, every page.
struct LayerVersionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "versions", abstract: "List a layer's versions, newest first.")

    @Argument(help: "The layer's name or ARN.") var name: String

    @OptionGroup var filters: LayerFilterOptions

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let versions = try await endpoint.client().allPages(
                LayerCommand.path(name), query: filters.query, key: "LayerVersions")
            output.show(versions, key: "LayerVersions", table: LayerCommand.versionTable)
        }
    }
}
