import ArgumentParser

/// `lamb url get`: GetFunctionUrlConfig.
struct URLGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show a function's URL.")

    @Argument(help: "The function's name or ARN.") var function: String

    @Option(help: "An alias name (default $LATEST).") var qualifier: String?

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let response = try await endpoint.client().checked(
                "GET", URLCommand.path(function), query: LambClient.qualifierQuery(qualifier))
            try output.show(response) { URLCommand.table([$0]) }
        }
    }
}
