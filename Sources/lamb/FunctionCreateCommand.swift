import ArgumentParser
import Foundation

/// `lamb function create`: CreateFunction from a directory or a `.zip` file, or from a container image.
struct FunctionCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract:
            "Create a function from a directory (zipped for you), a .zip file or a container image; prints its configuration.")

    /// Lambda requires a role; Lamb checks its shape only, so any well-formed ARN will do.
    static let placeholderRole = "arn:aws:iam::000000000000:role/lamb-function"

    @Argument(help: "The function's name.") var name: String

    @Option(help: "The runtime, e.g. python3.11 or provided.al2023 (not with --image-uri).") var runtime: String?

    @Option(help: "The handler, e.g. app.handler (module.function for Python; not with --image-uri).")
    var handler: String?

    @Option(help: ArgumentHelp("A directory with the function's code, or a .zip file.", valueName: "path"))
    var code: String?

    @Option(
        name: .customLong("image-uri"),
        help: ArgumentHelp(
            "A container image instead of code: a registry image, oci:DIR[:TAG], oci-archive:FILE[:TAG] or docker-archive:FILE (PackageType Image).",
            valueName: "uri"))
    var imageUri: String?

    @Option(
        name: .customLong("image-command"), parsing: .upToNextOption,
        help: ArgumentHelp("ImageConfig.Command: replaces the image's CMD (e.g. app.handler).", valueName: "word"))
    var imageCommand: [String] = []

    @Option(help: ArgumentHelp("Memory in MB (128-10240; Lambda's default 128).", valueName: "mb")) var memory: Int?

    @Option(help: ArgumentHelp("Timeout in seconds (1-900; Lambda's default 3).", valueName: "seconds"))
    var timeout: Int?

    @Option(
        name: .customLong("env"),
        help: ArgumentHelp("An environment variable for the function (repeatable).", valueName: "key=value"))
    var environment: [String] = []

    @Option(help: "The execution role's ARN (Lamb checks only its shape).") var role = Self.placeholderRole

    @Option(help: "A description.") var description: String?

    @Option(
        name: .customLong("ephemeral-storage"),
        help: ArgumentHelp("Size of /tmp in MB (512-10240).", valueName: "mb"))
    var ephemeralStorage: Int?

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp("Layer version ARNs, in order (see lamb layer publish).", valueName: "arn"))
    var layers: [String] = []

    @OptionGroup var output: OutputOptions<JSONByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func validate() throws {
        if imageUri != nil {
            guard code == nil, runtime == nil, handler == nil else {
                throw ValidationError("--image-uri takes the place of --code, --runtime and --handler")
            }
        } else {
            guard let code, runtime != nil, handler != nil else {
                throw ValidationError("--code, --runtime and --handler are required (or --image-uri)")
            }
            try CodePackage.validate(code)
            guard imageCommand.isEmpty else { throw ValidationError("--image-command goes with --image-uri") }
        }
        _ = try EnvironmentVariables.parse(environment)
    }

    func run() async throws {
        try await reportingFailures {
            let variables = try EnvironmentVariables.parse(environment)
            var request = CreateFunctionRequest(
                FunctionName: name, Runtime: runtime, Handler: handler, Role: role,
                Code: .init(ZipFile: try code.map { try CodePackage.load($0).base64EncodedString() }, ImageUri: imageUri),
                Description: description, Timeout: timeout, MemorySize: memory,
                Environment: variables.isEmpty ? nil : .init(Variables: variables),
                EphemeralStorage: ephemeralStorage.map { .init(Size: $0) },
                Layers: layers.isEmpty ? nil : layers)
            if imageUri != nil {
                request.PackageType = "Image"
                request.ImageConfig = imageCommand.isEmpty ? nil : .init(Command: imageCommand)
            }
            let response = try await endpoint.client().checked("POST", "/2015-03-31/functions", json: request)
            try output.show(response) { FunctionListCommand.table([$0]) }
        }
    }
}

/// The CreateFunction request body (the fields the command sets; nil fields are left out, so Lambda's defaults
/// apply).
private struct CreateFunctionRequest: Encodable {
    struct Code: Encodable {
        var ZipFile: String?
        var ImageUri: String?
    }
    struct ImageConfig: Encodable { var Command: [String] }
    struct Environment: Encodable { var Variables: [String: String] }
    struct EphemeralStorage: Encodable { var Size: Int }

    var FunctionName: String
    var Runtime: String?
    var Handler: String?
    var Role: String
    var Code: Code
    var Description: String?
    var Timeout: Int?
    var MemorySize: Int?
    var Environment: Environment?
    var EphemeralStorage: EphemeralStorage?
    var Layers: [String]?
    var PackageType: String?
    var ImageConfig: ImageConfig?
}

/// `--env KEY=VALUE` options.
enum EnvironmentVariables {
    /// The variables, split at the first `=` (values may contain `=`). A missing `=`, an empty key or a key given
    /// twice is a usage error; the key's pattern and reserved names are the server's to check, as Lambda's are.
    static func parse(_ entries: [String]) throws -> [String: String] {
        var variables: [String: String] = [:]
        for entry in entries {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw ValidationError("--env expects KEY=VALUE, got '\(entry)'")
            }
            let key = String(entry[..<equals])
            guard variables[key] == nil else { throw ValidationError("--env: \(key) is given more than once") }
            variables[key] = String(entry[entry.index(after: equals)...])
        }
        return variables
    }
}
