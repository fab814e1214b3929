import ArgumentParser

/// `lamb layer delete`: DeleteLayerVersion. Prints nothing; functions that use the version keep their copy.
struct LayerDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a layer version (functions that use it keep working).")

    @Argument(help: "The layer's name or ARN.") var name: String

    @Argument(help: "The version number.") var version: Int

    /// Accepted for scripts that pass it to every command; a deletion prints nothing either way.
    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            _ = try await endpoint.client().checked("DELETE", LayerCommand.path(name, version: version))
        }
    }
}
