import ArgumentParser
import Foundation

/// `lamb layer publish`: PublishLayerVersion from a directory (zipped as `lamb function create` zips code) or a
/// `.zip` file. A layer's zip holds what goes under `/opt`: `python/`, `nodejs/node_modules/`, `bin/`, `lib/`.
struct LayerPublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a new version of a layer from a directory (zipped for you) or a .zip file.",
        discussion: "The zip's contents are extracted under /opt in the functions that use the layer.")

    @Argument(help: "The layer's name.") var name: String

    @Option(help: ArgumentHelp("A directory with the layer's content, or a .zip file.", valueName: "path"))
    var code: String

    @Option(help: "A description.") var description: String?

    @Option(
        name: .customLong("compatible-runtimes"), parsing: .upToNextOption,
        help: ArgumentHelp("Runtimes the layer is for, e.g. python3.12 nodejs22.x (space- or comma-separated)."))
    var compatibleRuntimes: [String] = []

    @Option(
        name: .customLong("compatible-architectures"), parsing: .upToNextOption,
        help: ArgumentHelp("Architectures the layer is for: x86_64, arm64."))
    var compatibleArchitectures: [Architecture] = []

    @Option(name: .customLong("license-info"), help: "The layer's license (an SPDX identifier, a URL or text).")
    var licenseInfo: String?

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func validate() throws { try CodePackage.validate(code) }

    func run() async throws {
        try await reportingFailures {
            let runtimes = compatibleRuntimes.flatMap { $0.split(separator: ",").map(String.init) }
            let response = try await endpoint.client().checked(
                "POST", LayerCommand.path(name),
                object: [
                    "Content": ["ZipFile": try CodePackage.load(code).base64EncodedString()],
                    "Description": description,
                    "CompatibleRuntimes": runtimes.isEmpty ? nil : runtimes,
                    "CompatibleArchitectures": compatibleArchitectures.isEmpty
                        ? nil : compatibleArchitectures.map(\.rawValue),
                    "LicenseInfo": licenseInfo,
                ])
            try output.show(response) { LayerCommand.versionTable([$0]) }
        }
    }
}
