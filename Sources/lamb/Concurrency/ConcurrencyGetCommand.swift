import ArgumentParser

/// `lamb concurrency get`: GetFunctionConcurrency (under the model's other date prefix, `/2019-09-30`).
struct ConcurrencyGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show a function's reserved concurrency.")

    @Argument(help: "The function's name or ARN.") var function: String

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let response = try await endpoint.client().checked(
                "GET", "/2019-09-30/functions/\(LambClient.escape(function))/concurrency")
            try output.show(response) { ConcurrencyCommand.table(function, $0) }
        }
    }
}
