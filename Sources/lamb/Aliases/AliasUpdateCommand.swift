import ArgumentParser

/// `lamb alias update`: UpdateAlias. What is not given is left as it is.
struct AliasUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Point an alias at another version, or change its routing or description.")

    @Argument(help: "The function's name or ARN.") var function: String

    @Argument(help: "The alias's name.") var name: String

    @Option(name: .customLong("function-version"), help: "The version the alias points at.")
    var functionVersion: String?

    @Option(help: "A description.") var description: String?

    @Option(
        name: .customLong("routing-config"),
        help: ArgumentHelp(
            "Replace the routing: a share of invocations for a second version, e.g. 2=0.1 (repeatable).",
            valueName: "version=weight"))
    var routingConfig: [String] = []

    @Flag(name: .customLong("no-routing"), help: "Remove the routing: every invocation goes to --function-version.")
    var noRouting = false

    @Option(name: .customLong("revision-id"), help: "Update only if the alias's RevisionId is this one.")
    var revisionId: String?

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func validate() throws {
        _ = try AliasRouting.weights(routingConfig)
        if noRouting && !routingConfig.isEmpty {
            throw ValidationError("--routing-config and --no-routing are exclusive")
        }
    }

    func run() async throws {
        try await reportingFailures {
            // An empty RoutingConfig is how UpdateAlias removes the routing.
            let routing: [String: Any]? = noRouting ? [:] : try AliasRouting.routingConfig(routingConfig)
            let response = try await endpoint.client().checked(
                "PUT", AliasCommand.path(function, name),
                object: [
                    "FunctionVersion": functionVersion, "Description": description, "RoutingConfig": routing,
                    "RevisionId": revisionId,
                ])
            try output.show(response) { AliasCommand.table([$0]) }
        }
    }
}
