import ArgumentParser

/// `lamb async-config put`: PutFunctionEventInvokeConfig, which replaces the whole configuration.
struct AsyncConfigPutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Set the asynchronous invocation settings; what is not given goes back to Lambda's default.")

    @Argument(help: "The function's name or ARN.") var function: String

    @OptionGroup var settings: AsyncConfigOptions

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await AsyncConfigCommand.write("PUT", function, settings, output, endpoint)
    }
}
