import ArgumentParser

/// `lamb layer list`: ListLayers, every page.
struct LayerListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List layers, each with its newest version (that matches the filters).")

    @OptionGroup var filters: LayerFilterOptions

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let layers = try await endpoint.client().allPages("/2018-10-31/layers", query: filters.query, key: "Layers")
            output.show(layers, key: "Layers", table: LayerCommand.layerTable)
        }
    }
}
