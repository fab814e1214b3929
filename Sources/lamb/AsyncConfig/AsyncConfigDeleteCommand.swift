import ArgumentParser

/// `lamb async-config delete`: DeleteFunctionEventInvokeConfig. Prints nothing.
struct AsyncConfigDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Remove the asynchronous invocation settings (Lambda's defaults apply).")

    @Argument(help: "The function's name or ARN.") var function: String

    @Option(help: "A version number or alias name (default $LATEST).") var qualifier: String?

    /// Accepted for scripts that pass it to every command; a deletion prints nothing either way.
    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            _ = try await endpoint.client().checked(
                "DELETE", AsyncConfigCommand.path(function), query: LambClient.qualifierQuery(qualifier))
        }
    }
}
