import ArgumentParser
import Foundation

/// `lamb permission`: a function's resource-based policy (AddPermission, GetPolicy, RemovePermission). Lamb keeps
/// the policy as Lambda builds it but does not enforce it.
struct PermissionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "permission",
        abstract: "Add, show or remove statements of a function's resource-based policy.",
        discussion: """
            The policy says which AWS services and accounts may invoke the function. Lamb stores it and returns it \
            as Lambda does, but does not enforce it. \(ClientHelp.exitCodes)
            """,
        subcommands: [PermissionAddCommand.self, PermissionGetCommand.self, PermissionRemoveCommand.self])

    /// `/2015-03-31/functions/{function}/policy[/{sid}]`.
    static func path(_ function: String, statement: String? = nil) -> String {
        LambClient.functionPath(function, "/policy" + (statement.map { "/" + LambClient.escape($0) } ?? ""))
    }

    /// Policy statements, one a row; the conditions last (`ArnLike AWS:SourceArn=arn:...; StringEquals ...`).
    static func table(_ statements: [[String: Any]]) -> String {
        var table = TextTable(header: ["SID", "EFFECT", "PRINCIPAL", "ACTION", "RESOURCE", "CONDITION"])
        for statement in statements {
            table.rows.append([
                TableCell.text(statement, "Sid"),
                TableCell.text(statement, "Effect"),
                principal(statement["Principal"]),
                TableCell.text(statement, "Action"),
                TableCell.text(statement, "Resource"),
                conditions(statement["Condition"]),
            ])
        }
        return table.render()
    }

    /// `{"Service": "s3.amazonaws.com"}` as `s3.amazonaws.com`, `{"AWS": ARN}` as the ARN, `*` as `*`.
    private static func principal(_ value: Any?) -> String {
        guard let object = value as? [String: Any] else { return TableCell.text(value) }
        return object.keys.sorted().map { TableCell.text(object[$0]) }.joined(separator: ",")
    }

    private static func conditions(_ value: Any?) -> String {
        guard let operators = value as? [String: Any], !operators.isEmpty else { return "-" }
        return operators.keys.sorted().map { name in
            let pairs = operators[name] as? [String: Any] ?? [:]
            return name + " " + pairs.keys.sorted().map { "\($0)=\(TableCell.text(pairs[$0]))" }.joined(separator: " ")
        }.joined(separator: "; ")
    }

    /// A statement or policy document, which the API sends as JSON text inside the JSON answer.
    static func document(_ text: Any?) throws -> [String: Any] {
        guard let text = text as? String else { throw ClientError.unexpectedResponse("no policy document") }
        return try JSONObject.parse(Data(text.utf8))
    }
}
