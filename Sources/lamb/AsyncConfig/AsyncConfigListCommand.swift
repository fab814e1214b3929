import ArgumentParser

/// `lamb async-config list`: ListFunctionEventInvokeConfigs, every page.
struct AsyncConfigListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the asynchronous invocation settings of every qualifier of a function.")

    @Argument(help: "The function's name or ARN.") var function: String

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let configs = try await endpoint.client().allPages(
                AsyncConfigCommand.path(function, "/list"), key: "FunctionEventInvokeConfigs")
            output.show(configs, key: "FunctionEventInvokeConfigs", table: AsyncConfigCommand.table)
        }
    }
}
