import ArgumentParser
import Foundation

/// How a client command prints what the server answered: for people, or as the server's JSON for programs.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table
    case json
}

/// The format a command prints when `--output` is not given.
protocol DefaultOutputFormat {
    static var format: OutputFormat { get }
}

/// Most client commands print a table unless asked for JSON.
enum TableByDefault: DefaultOutputFormat {
    static var format: OutputFormat { .table }
}

/// `lamb function create|get|update-code` printed JSON before `--output` existed, and scripts read it: they keep it.
enum JSONByDefault: DefaultOutputFormat {
    static var format: OutputFormat { .json }
}

/// `--output table|json`, on every client command, and `--json`, the flag that came first: hidden, but kept so that
/// scripts written for it keep working.
struct OutputOptions<Default: DefaultOutputFormat>: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "table (for people) or json (the server's answer, for programs).", valueName: "format"))
    var output: OutputFormat = Default.format

    @Flag(help: .hidden) var json = false

    var format: OutputFormat { json ? .json : output }

    var isJSON: Bool { format == .json }

    /// Prints one answer: its body re-indented, or the table `render` makes of the JSON object it holds.
    func show(_ response: ClientResponse, table render: ([String: Any]) throws -> String) throws {
        if isJSON {
            Console.out(Console.prettyJSON(response.body) + "\n")
        } else {
            Console.out(try render(try JSONObject.parse(response.body)))
        }
    }

    /// Prints a list read page by page: `{key: [every item]}`, or the table `render` makes of the items.
    func show(_ items: [[String: Any]], key: String, table render: ([[String: Any]]) -> String) {
        if isJSON {
            Console.out((Console.prettyJSON(object: [key: items]) ?? "{}") + "\n")
        } else {
            Console.out(render(items))
        }
    }
}

/// A JSON object as `JSONSerialization` reads it, for the tables.
enum JSONObject {
    static func parse(_ data: Data) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ClientError.unexpectedResponse(
                "expected a JSON object, got: \(String(decoding: data, as: UTF8.self))")
        }
        return object
    }
}
