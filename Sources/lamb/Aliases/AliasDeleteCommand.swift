import ArgumentParser

/// `lamb alias delete`: DeleteAlias. Prints nothing, as `aws lambda delete-alias` does.
struct AliasDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete an alias.")

    @Argument(help: "The function's name or ARN.") var function: String

    @Argument(help: "The alias's name.") var name: String

    /// Accepted for scripts that pass it to every command; a deletion prints nothing either way.
    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            _ = try await endpoint.client().checked("DELETE", AliasCommand.path(function, name))
        }
    }
}
