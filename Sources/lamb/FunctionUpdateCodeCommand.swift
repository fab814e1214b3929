import ArgumentParser
import Foundation

/// `lamb function update-code`: UpdateFunctionCode from a directory or a `.zip` file.
struct FunctionUpdateCodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update-code",
        abstract: "Replace a function's code; the next invocation starts cold. Prints the configuration.")

    @Argument(help: "The function's name or ARN.") var name: String

    @Option(help: ArgumentHelp("A directory with the function's code, or a .zip file.", valueName: "path"))
    var code: String?

    @Option(
        name: .customLong("image-uri"),
        help: ArgumentHelp("An image function's new image (resolved again: a new push to a tag is picked up).", valueName: "uri"))
    var imageUri: String?

    @OptionGroup var output: OutputOptions<JSONByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func validate() throws {
        guard (code == nil) != (imageUri == nil) else { throw ValidationError("give --code or --image-uri") }
        if let code { try CodePackage.validate(code) }
    }

    func run() async throws {
        try await reportingFailures {
            struct Request: Encodable {
                var ZipFile: String?
                var ImageUri: String?
            }
            let zip = try code.map { try CodePackage.load($0).base64EncodedString() }
            let response = try await endpoint.client().checked(
                "PUT", LambClient.functionPath(name, "/code"), json: Request(ZipFile: zip, ImageUri: imageUri))
            try output.show(response) { FunctionListCommand.table([$0]) }
        }
    }
}
