import ArgumentParser

/// `lamb alias create`: CreateAlias.
struct AliasCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an alias pointing at a version.")

    @Argument(help: "The function's name or ARN.") var function: String

    @Argument(help: "The alias's name (not a number: numbers are versions).") var name: String

    @Option(name: .customLong("function-version"), help: "The version the alias points at (a number or $LATEST).")
    var functionVersion: String

    @Option(help: "A description.") var description: String?

    @Option(
        name: .customLong("routing-config"),
        help: ArgumentHelp(
            "Send a share of invocations to a second version, e.g. 2=0.1 for 10% (repeatable).",
            valueName: "version=weight"))
    var routingConfig: [String] = []

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func validate() throws { _ = try AliasRouting.weights(routingConfig) }

    func run() async throws {
        try await reportingFailures {
            let response = try await endpoint.client().checked(
                "POST", AliasCommand.path(function),
                object: [
                    "Name": name, "FunctionVersion": functionVersion, "Description": description,
                    "RoutingConfig": try AliasRouting.routingConfig(routingConfig),
                ])
            try output.show(response) { AliasCommand.table([$0]) }
        }
    }
}
