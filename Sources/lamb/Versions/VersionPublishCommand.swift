import ArgumentParser

/// `lamb version publish`: PublishVersion.
struct VersionPublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish the function's $LATEST code and configuration as a new version.",
        discussion: "Nothing changed since the last version: that version is answered, as Lambda does.")

    @Argument(help: "The function's name or ARN.") var function: String

    @Option(help: "The version's description.") var description: String?

    @Option(
        name: .customLong("code-sha256"),
        help: "Publish only if $LATEST's code has this SHA-256 (base64, as CodeSha256 shows it).")
    var codeSha256: String?

    @Option(name: .customLong("revision-id"), help: "Publish only if $LATEST's RevisionId is this one.")
    var revisionId: String?

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let response = try await endpoint.client().checked(
                "POST", LambClient.functionPath(function, "/versions"),
                object: ["Description": description, "CodeSha256": codeSha256, "RevisionId": revisionId])
            try output.show(response) { VersionCommand.table([$0]) }
        }
    }
}
