import ArgumentParser
import Foundation

/// `lamb function update-code`: UpdateFunctionCode from a directory or a `.zip` file.
struct FunctionUpdateCodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update-code",
        abstract: "Replace a function's code; the next invocation starts cold. Prints the configuration.")

    @Argument(help: "The function's name or ARN.") var name: String

    @Option(help: ArgumentHelp("A directory with the function's code, or a .zip file.", valueName: "path"))
    var code: String

    @OptionGroup var output: OutputOptions<JSONByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func validate() throws { try CodePackage.validate(code) }

    func run() async throws {
        try await reportingFailures {
            struct Request: Encodable { var ZipFile: String }
            let zip = try CodePackage.load(code)
            let response = try await endpoint.client().checked(
                "PUT", LambClient.functionPath(name, "/code"), json: Request(ZipFile: zip.base64EncodedString()))
            try output.show(response) { FunctionListCommand.table([$0]) }
        }
    }
}
