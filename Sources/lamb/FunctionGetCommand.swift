import ArgumentParser

/// `lamb function get`: GetFunctionConfiguration.
struct FunctionGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Print a function's configuration as JSON.")

    @Argument(help: "The function's name or ARN.") var name: String

    @Option(help: "Version or alias (only $LATEST exists in Lamb today).") var qualifier: String?

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let response = try await endpoint.client().checked(
                "GET", LambClient.functionPath(name, "/configuration"),
                query: qualifier.map { [("Qualifier", $0)] } ?? [])
            Console.out(Console.prettyJSON(response.body) + "\n")
        }
    }
}
