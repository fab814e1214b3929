import ArgumentParser

/// `lamb alias`: names that point at a version, optionally sending a share of invocations to a second one.
struct AliasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alias",
        abstract: "Create, update, inspect, list and delete a function's aliases.",
        discussion: ClientHelp.exitCodes,
        subcommands: [
            AliasCreateCommand.self,
            AliasUpdateCommand.self,
            AliasGetCommand.self,
            AliasListCommand.self,
            AliasDeleteCommand.self,
        ])

    /// Alias configurations, one a row; ROUTING is the additional versions with their weights, as
    /// `--routing-config` takes them.
    static func table(_ aliases: [[String: Any]]) -> String {
        var table = TextTable(header: ["NAME", "VERSION", "ROUTING", "REVISION ID", "DESCRIPTION"])
        for alias in aliases {
            let weights = TableCell.value(alias, "RoutingConfig.AdditionalVersionWeights") as? [String: Any] ?? [:]
            let routing = weights.keys.sorted().map { "\($0)=\(TableCell.text(weights[$0]))" }
            table.rows.append([
                TableCell.text(alias, "Name"),
                TableCell.text(alias, "FunctionVersion"),
                routing.isEmpty ? "-" : routing.joined(separator: ","),
                TableCell.text(alias, "RevisionId"),
                TableCell.text(alias, "Description"),
            ])
        }
        return table.render()
    }

    /// `/2015-03-31/functions/{function}/aliases[/{alias}]`.
    static func path(_ function: String, _ alias: String? = nil) -> String {
        LambClient.functionPath(function, "/aliases" + (alias.map { "/" + LambClient.escape($0) } ?? ""))
    }
}

/// `--routing-config VERSION=WEIGHT`: the share (0.0 to 1.0) of invocations an alias sends to a second version.
enum AliasRouting {
    /// The `AdditionalVersionWeights` map; a malformed entry or a version given twice is a usage error. The weight's
    /// range and the version's existence are the server's to check, as Lambda's are.
    static func weights(_ entries: [String]) throws -> [String: Double] {
        var weights: [String: Double] = [:]
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let weight = Double(parts[1]) else {
                throw ValidationError("--routing-config expects VERSION=WEIGHT (e.g. 2=0.1), got '\(entry)'")
            }
            guard weights[parts[0]] == nil else {
                throw ValidationError("--routing-config: version \(parts[0]) is given more than once")
            }
            weights[parts[0]] = weight
        }
        return weights
    }

    /// The `RoutingConfig` member of a request: nil (left out) when there are no entries.
    static func routingConfig(_ entries: [String]) throws -> [String: Any]? {
        entries.isEmpty ? nil : ["AdditionalVersionWeights": try weights(entries)]
    }
}
