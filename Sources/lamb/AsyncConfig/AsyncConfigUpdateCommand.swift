import ArgumentParser

/// `lamb async-config update`: UpdateFunctionEventInvokeConfig, which changes only what it names.
struct AsyncConfigUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change some asynchronous invocation settings; the others stay as they are.")

    @Argument(help: "The function's name or ARN.") var function: String

    @OptionGroup var settings: AsyncConfigOptions

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await AsyncConfigCommand.write("POST", function, settings, output, endpoint)
    }
}
