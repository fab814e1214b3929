import ArgumentParser

/// `lamb layer`: layer versions (`/2018-10-31/layers`), published from a directory or a `.zip` file.
struct LayerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layer",
        abstract: "Publish, list, inspect and delete layer versions.",
        discussion: ClientHelp.exitCodes,
        subcommands: [
            LayerPublishCommand.self,
            LayerListCommand.self,
            LayerVersionsCommand.self,
            LayerGetCommand.self,
            LayerDeleteCommand.self,
        ])

    /// `/2018-10-31/layers/{name}/versions[/{version}]`.
    static func path(_ name: String, version: Int? = nil) -> String {
        "/2018-10-31/layers/\(LambClient.escape(name))/versions" + (version.map { "/\($0)" } ?? "")
    }

    /// Layer versions, one a row (PublishLayerVersion, GetLayerVersion, ListLayerVersions).
    static func versionTable(_ versions: [[String: Any]]) -> String {
        var table = TextTable(header: ["VERSION", "ARN", "RUNTIMES", "ARCHITECTURES", "CREATED", "DESCRIPTION"])
        for version in versions {
            table.rows.append(
                [TableCell.text(version, "Version"), TableCell.text(version, "LayerVersionArn")] + common(version))
        }
        return table.render()
    }

    /// Layers with their newest version that matches the filters (ListLayers).
    static func layerTable(_ layers: [[String: Any]]) -> String {
        var table = TextTable(
            header: ["NAME", "LATEST", "ARN", "RUNTIMES", "ARCHITECTURES", "CREATED", "DESCRIPTION"])
        for layer in layers {
            let latest = layer["LatestMatchingVersion"] as? [String: Any] ?? [:]
            table.rows.append(
                [
                    TableCell.text(layer, "LayerName"), TableCell.text(latest, "Version"),
                    TableCell.text(latest, "LayerVersionArn"),
                ] + common(latest))
        }
        return table.render()
    }

    private static func common(_ version: [String: Any]) -> [String] {
        [
            TableCell.text(version, "CompatibleRuntimes"),
            TableCell.text(version, "CompatibleArchitectures"),
            TableCell.time(version, "CreatedDate"),
            TableCell.text(version, "Description"),
        ]
    }
}

/// `--compatible-runtime` and `--compatible-architecture`: the filters of ListLayers and ListLayerVersions.
struct LayerFilterOptions: ParsableArguments {
    @Option(name: .customLong("compatible-runtime"), help: "Only versions compatible with this runtime.")
    var compatibleRuntime: String?

    @Option(
        name: .customLong("compatible-architecture"), help: "Only versions compatible with this architecture.")
    var compatibleArchitecture: Architecture?

    var query: [(String, String)] {
        var query: [(String, String)] = []
        if let compatibleRuntime { query.append(("CompatibleRuntime", compatibleRuntime)) }
        if let compatibleArchitecture { query.append(("CompatibleArchitecture", compatibleArchitecture.rawValue)) }
        return query
    }
}

/// Lambda's instruction set architectures.
enum Architecture: String, ExpressibleByArgument, CaseIterable {
    case x86 = "x86_64"
    case arm64
}
