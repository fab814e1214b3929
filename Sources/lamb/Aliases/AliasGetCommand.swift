import ArgumentParser

/// `lamb alias get`: GetAlias.
struct AliasGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show an alias.")

    @Argument(help: "The function's name or ARN.") var function: String

    @Argument(help: "The alias's name.") var name: String

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let response = try await endpoint.client().checked("GET", AliasCommand.path(function, name))
            try output.show(response) { AliasCommand.table([$0]) }
        }
    }
}
