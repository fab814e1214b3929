import ArgumentParser

/// `lamb alias list`: ListAliases, every page.
struct AliasListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List a function's aliases.")

    @Argument(help: "The function's name or ARN.") var function: String

    @Option(name: .customLong("function-version"), help: "Only the aliases that route to this version.")
    var functionVersion: String?

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let aliases = try await endpoint.client().allPages(
                AliasCommand.path(function), query: functionVersion.map { [("FunctionVersion", $0)] } ?? [],
                key: "Aliases")
            output.show(aliases, key: "Aliases", table: AliasCommand.table)
        }
    }
}
