import ArgumentParser
import Foundation
import LambAPI

/// `lamb function get`: GetFunctionConfiguration.
struct FunctionGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Print a function's configuration (JSON unless --output table).")

    @Argument(help: "The function's name or ARN.") var name: String

    @Option(help: "A version number or alias name (default $LATEST).") var qualifier: String?

    @OptionGroup var output: OutputOptions<JSONByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let response = try await endpoint.client().checked(
                "GET", LambClient.functionPath(name, "/configuration"),
                query: LambClient.qualifierQuery(qualifier))
            try output.show(response) { FunctionListCommand.table([$0]) }
            // On stderr, so that the JSON on stdout stays the server's answer for scripts.
            if let notes = response.header(NotEmulatedSettings.headerName) {
                let lines = notes.split(separator: "|").map { "  - " + $0.trimmingCharacters(in: .whitespaces) }
                Console.err("Not emulated by Lamb:\n" + lines.joined(separator: "\n") + "\n")
            }
        }
    }
}
