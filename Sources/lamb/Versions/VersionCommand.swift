import ArgumentParser

/// `lamb version`: a function's published versions.
struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Publish and list a function's versions.",
        discussion: ClientHelp.exitCodes,
        subcommands: [VersionPublishCommand.self, VersionListCommand.self])

    /// Function configurations, one version a row.
    static func table(_ versions: [[String: Any]]) -> String {
        var table = TextTable(header: ["VERSION", "RUNTIME", "MEMORY", "CODE SHA256", "LAST MODIFIED", "DESCRIPTION"])
        for version in versions {
            table.rows.append([
                TableCell.text(version, "Version"),
                TableCell.text(version, "Runtime"),
                (version["MemorySize"] as? Int).map { "\($0) MB" } ?? "-",
                TableCell.text(version, "CodeSha256"),
                TableCell.time(version, "LastModified"),
                TableCell.text(version, "Description"),
            ])
        }
        return table.render()
    }
}
