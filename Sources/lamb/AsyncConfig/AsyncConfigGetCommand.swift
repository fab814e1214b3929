import ArgumentParser

/// `lamb async-config get`: GetFunctionEventInvokeConfig.
struct AsyncConfigGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show the asynchronous invocation settings of a function, version or alias.")

    @Argument(help: "The function's name or ARN.") var function: String

    @Option(help: "A version number or alias name (default $LATEST).") var qualifier: String?

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let response = try await endpoint.client().checked(
                "GET", AsyncConfigCommand.path(function), query: LambClient.qualifierQuery(qualifier))
            try output.show(response) { AsyncConfigCommand.table([$0]) }
        }
    }
}
