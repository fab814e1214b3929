import ArgumentParser

/// `lamb concurrency put`: PutFunctionConcurrency.
struct ConcurrencyPutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put", abstract: "Reserve concurrency for a function (and limit it to that).")

    @Argument(help: "The function's name or ARN.") var function: String

    @Argument(help: "Concurrent executions to reserve (0 throttles every invocation).") var count: Int

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let response = try await endpoint.client().checked(
                "PUT", "/2017-10-31/functions/\(LambClient.escape(function))/concurrency",
                object: ["ReservedConcurrentExecutions": count])
            try output.show(response) { ConcurrencyCommand.table(function, $0) }
        }
    }
}
