import ArgumentParser

/// `lamb url create`: CreateFunctionUrlConfig.
struct URLCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Give a function (or an alias) a URL; prints it.")

    @Argument(help: "The function's name or ARN.") var function: String

    @Option(name: .customLong("auth-type"), help: "NONE (anyone may call it) or AWS_IAM (SigV4-signed requests).")
    var authType: FunctionURLAuthType

    @OptionGroup var settings: URLSettingsOptions

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let response = try await endpoint.client().checked(
                "POST", URLCommand.path(function), query: LambClient.qualifierQuery(settings.qualifier),
                object: try settings.body(authType: authType))
            try output.show(response) { URLCommand.table([$0]) }
        }
    }
}
