import ArgumentParser

/// `lamb permission remove`: RemovePermission. Prints nothing.
struct PermissionRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a statement from a function's resource-based policy.")

    @Argument(help: "The function's name or ARN.") var function: String

    @Argument(help: "The statement's id.") var statementId: String

    @Option(help: "A version number or alias name: its own policy (default: the function's).")
    var qualifier: String?

    @Option(name: .customLong("revision-id"), help: "Remove only if the policy's RevisionId is this one.")
    var revisionId: String?

    /// Accepted for scripts that pass it to every command; a removal prints nothing either way.
    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            var query = LambClient.qualifierQuery(qualifier)
            if let revisionId { query.append(("RevisionId", revisionId)) }
            _ = try await endpoint.client().checked(
                "DELETE", PermissionCommand.path(function, statement: statementId), query: query)
        }
    }
}
