import ArgumentParser

/// `lamb url update`: UpdateFunctionUrlConfig. What is not given is left as it is.
struct URLUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change a function URL's auth type, invoke mode or CORS settings.")

    @Argument(help: "The function's name or ARN.") var function: String

    @Option(name: .customLong("auth-type"), help: "NONE or AWS_IAM.") var authType: FunctionURLAuthType?

    @OptionGroup var settings: URLSettingsOptions

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let response = try await endpoint.client().checked(
                "PUT", URLCommand.path(function), query: LambClient.qualifierQuery(settings.qualifier),
                object: try settings.body(authType: authType))
            try output.show(response) { URLCommand.table([$0]) }
        }
    }
}
