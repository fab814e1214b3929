import ArgumentParser

/// `lamb url list`: ListFunctionUrlConfigs, every page.
struct URLListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List a function's URLs ($LATEST's and its aliases').")

    @Argument(help: "The function's name or ARN.") var function: String

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let configs = try await endpoint.client().allPages(
                URLCommand.path(function, "s"), key: "FunctionUrlConfigs")
            output.show(configs, key: "FunctionUrlConfigs", table: URLCommand.table)
        }
    }
}
