import ArgumentParser
import Foundation

/// `lamb url`: function URLs, HTTP endpoints that invoke a function (`/2021-10-31/functions/{name}/url`).
struct URLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url",
        abstract: "Create, update, show, list or delete a function's URL.",
        discussion: """
            A function URL serves the function over HTTP on lamb serve's gateway port. It belongs to $LATEST or \
            to an alias (--qualifier; not a version number). \(ClientHelp.exitCodes)
            """,
        subcommands: [
            URLCreateCommand.self,
            URLGetCommand.self,
            URLUpdateCommand.self,
            URLDeleteCommand.self,
            URLListCommand.self,
        ])

    /// `/2021-10-31/functions/{function}/url` (`/urls` lists them).
    static func path(_ function: String, _ suffix: String = "") -> String {
        "/2021-10-31/functions/\(LambClient.escape(function))/url\(suffix)"
    }

    /// URL configurations, one a row; CORS last, as compact JSON.
    static func table(_ configs: [[String: Any]]) -> String {
        var table = TextTable(header: ["QUALIFIER", "URL", "AUTH TYPE", "INVOKE MODE", "CREATED", "CORS"])
        for config in configs {
            table.rows.append([
                TableCell.qualifier(ofArn: config["FunctionArn"]),
                TableCell.text(config, "FunctionUrl"),
                TableCell.text(config, "AuthType"),
                TableCell.text(config, "InvokeMode"),
                TableCell.time(config, "CreationTime"),
                TableCell.text(config, "Cors"),
            ])
        }
        return table.render()
    }
}

/// How callers of a function URL authenticate (also AddPermission's `--function-url-auth-type`).
enum FunctionURLAuthType: String, ExpressibleByArgument, CaseIterable {
    case none = "NONE"
    case awsIAM = "AWS_IAM"
}

/// `BUFFERED` (the whole response at once) or `RESPONSE_STREAM`.
enum FunctionURLInvokeMode: String, ExpressibleByArgument, CaseIterable {
    case buffered = "BUFFERED"
    case responseStream = "RESPONSE_STREAM"
}

/// The settings CreateFunctionUrlConfig and UpdateFunctionUrlConfig take, and `--qualifier`.
struct URLSettingsOptions: ParsableArguments {
    @Option(help: "An alias name (default $LATEST).") var qualifier: String?

    @Option(
        name: .customLong("invoke-mode"),
        help: "BUFFERED (the response at once, the default) or RESPONSE_STREAM.")
    var invokeMode: FunctionURLInvokeMode?

    @Option(
        help: ArgumentHelp(
            "CORS settings as JSON, e.g. '{\"AllowOrigins\": [\"*\"], \"AllowMethods\": [\"GET\"]}'.",
            valueName: "json"))
    var cors: String?

    func validate() throws { _ = try corsObject() }

    /// `--cors` as a JSON object; anything else is a usage error.
    func corsObject() throws -> [String: Any]? {
        guard let cors else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: Data(cors.utf8)) as? [String: Any] else {
            throw ValidationError("--cors expects a JSON object, e.g. '{\"AllowOrigins\": [\"*\"]}'")
        }
        return object
    }

    func body(authType: FunctionURLAuthType?) throws -> [String: Any?] {
        ["AuthType": authType?.rawValue, "InvokeMode": invokeMode?.rawValue, "Cors": try corsObject()]
    }
}
