import ArgumentParser

/// `lamb function delete`: DeleteFunction. Prints nothing on success, as `aws lambda delete-function` does.
struct FunctionDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a function (its logs are kept).")

    @Argument(help: "The function's name or ARN.") var name: String

    /// Accepted for scripts that pass it to every command; a deletion prints nothing either way.
    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            _ = try await endpoint.client().checked("DELETE", LambClient.functionPath(name))
        }
    }
}
