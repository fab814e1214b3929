import ArgumentParser

/// `lamb provisioned`: provisioned concurrency configurations of a function's versions and aliases.
struct ProvisionedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provisioned",
        abstract: "Set, show, list or remove provisioned concurrency (environments kept initialised).",
        discussion: """
            Provisioned concurrency applies to a published version or an alias, never $LATEST: --qualifier is \
            required. Lamb starts that many environments ahead of invocations; STATUS is IN_PROGRESS until they \
            are ready, then READY (FAILED when one cannot initialise). \(ClientHelp.exitCodes)
            """,
        subcommands: [
            ProvisionedPutCommand.self,
            ProvisionedGetCommand.self,
            ProvisionedListCommand.self,
            ProvisionedDeleteCommand.self,
        ])

    /// `/2019-09-30/functions/{function}/provisioned-concurrency`.
    static func path(_ function: String) -> String {
        "/2019-09-30/functions/\(LambClient.escape(function))/provisioned-concurrency"
    }

    /// Configurations, one a row. List items name their qualifier in `FunctionArn`; Get's answer does not, so the
    /// command passes the one it asked for.
    static func table(_ configs: [[String: Any]], qualifier: String? = nil) -> String {
        var table = TextTable(
            header: ["QUALIFIER", "REQUESTED", "ALLOCATED", "AVAILABLE", "STATUS", "LAST MODIFIED", "REASON"])
        for config in configs {
            table.rows.append([
                qualifier ?? TableCell.qualifier(ofArn: config["FunctionArn"]),
                TableCell.text(config, "RequestedProvisionedConcurrentExecutions"),
                TableCell.text(config, "AllocatedProvisionedConcurrentExecutions"),
                TableCell.text(config, "AvailableProvisionedConcurrentExecutions"),
                TableCell.text(config, "Status"),
                TableCell.time(config, "LastModified"),
                TableCell.text(config, "StatusReason"),
            ])
        }
        return table.render()
    }
}
