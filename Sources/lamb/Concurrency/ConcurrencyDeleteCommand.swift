import ArgumentParser

/// `lamb concurrency delete`: DeleteFunctionConcurrency. Prints nothing.
struct ConcurrencyDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Remove a function's reserved concurrency (it uses the unreserved pool).")

    @Argument(help: "The function's name or ARN.") var function: String

    /// Accepted for scripts that pass it to every command; a deletion prints nothing either way.
    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            _ = try await endpoint.client().checked(
                "DELETE", "/2017-10-31/functions/\(LambClient.escape(function))/concurrency")
        }
    }
}
