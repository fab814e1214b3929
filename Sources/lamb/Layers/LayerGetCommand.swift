import ArgumentParser

/// `lamb layer get`: GetLayerVersion, or GetLayerVersionByArn when given a layer version's ARN alone.
struct LayerGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show a layer version: NAME VERSION, or its ARN (…:layer:NAME:VERSION).")

    @Argument(help: "The layer's name, or a layer version's ARN.") var name: String

    @Argument(help: "The version number (not with an ARN that has one).") var version: Int?

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func validate() throws {
        if version == nil && !name.hasPrefix("arn:") {
            throw ValidationError("give the version: lamb layer get \(name) VERSION (or a layer version's ARN)")
        }
    }

    func run() async throws {
        try await reportingFailures {
            let client = endpoint.client()
            let response =
                if let version {
                    try await client.checked("GET", LayerCommand.path(name, version: version))
                } else {
                    try await client.checked(
                        "GET", "/2018-10-31/layers", query: [("find", "LayerVersion"), ("Arn", name)])
                }
            try output.show(response) { LayerCommand.versionTable([$0]) }
        }
    }
}
