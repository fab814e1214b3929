import Foundation
import LambCore

/// SAM's `--env-vars` file: `{"Parameters": {"K": "v"}, "HelloFunction": {"K": "v"}}`. `Parameters` applies to every
/// function; any other key names one function (its logical id, or its `FunctionName`), and wins over `Parameters`.
///
/// As in SAM CLI, every top-level value must be an object; variable values that are strings, numbers or booleans are
/// turned into text (`true`/`false`, numbers as Python prints them: `1`, `1.5`, `1.0`), and `null`, arrays and
/// objects (usually unresolved intrinsics) become the empty string.
public struct SAMEnvironmentVariablesFile: Sendable, Equatable {
    /// The key whose variables apply to every function.
    public static let allFunctionsKey = "Parameters"

    public var parameters: [String: String]
    /// Variables by function key (logical id or function name).
    public var functions: [String: [String: String]]

    public init(parameters: [String: String] = [:], functions: [String: [String: String]] = [:]) {
        self.parameters = parameters
        self.functions = functions
    }

    public static func load(contentsOf url: URL) throws(EnvironmentFileError) -> SAMEnvironmentVariablesFile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EnvironmentFileError(path: url.path, message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(data, path: url.path)
    }

    /// Parses the JSON; `path` only names the file in errors. As strict as SAM CLI's Python parser: a trailing comma
    /// is an error (Foundation's parser alone would let it pass).
    public static func parse(_ data: Data, path: String) throws(EnvironmentFileError) -> SAMEnvironmentVariablesFile {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
        } catch {
            throw syntaxError(error, in: data, path: path)
        }
        guard JSONSyntax.isValid(data) else {
            throw EnvironmentFileError(path: path, message: "not valid JSON (a trailing comma, perhaps)")
        }
        guard let top = parsed as? [String: Any] else {
            throw EnvironmentFileError(
                path: path,
                message: "expected a JSON object of function names to variables, like "
                    + #"{"Parameters": {"TABLE": "local"}, "HelloFunction": {"STAGE": "dev"}}"#)
        }
        var file = SAMEnvironmentVariablesFile()
        for (key, value) in top {
            guard let variables = value as? [String: Any] else {
                throw EnvironmentFileError(
                    path: path,
                    message: "\"\(key)\" must be an object of variable names to values, like "
                        + "{\"\(key)\": {\"NAME\": \"value\"}}")
            }
            let text = variables.mapValues(environmentText)
            if key == allFunctionsKey { file.parameters = text } else { file.functions[key] = text }
        }
        return file
    }

    /// The overrides for one function: `Parameters`, then the function's own entry on top. The entry is found as
    /// SAM CLI finds it: by logical id first, then by function name (the first that exists is used; they are not
    /// merged).
    public func overrides(logicalId: String, functionName: String?) -> [String: String] {
        var result = parameters
        let own = functions[logicalId] ?? functionName.flatMap { functions[$0] }
        if let own { result.merge(own) { _, new in new } }
        return result
    }

    /// A value as SAM CLI's `_stringify_value` writes it: `true`/`false`; integers as digits; other numbers as
    /// Python's `str(float)` (`1.0`, `1.5`: Swift's `description` agrees for the usual values); `null`, arrays and
    /// objects (usually intrinsics left unresolved) as the empty string.
    static func environmentText(_ value: Any) -> String {
        if let string = value as? String { return string }
        guard let number = value as? NSNumber else { return "" }
        // Foundation's parser makes JSON booleans `c` numbers, fractions and exponents `d`, integers `i`/`q`/`Q`.
        switch String(cString: number.objCType) {
        case "c", "B": return number.boolValue ? "true" : "false"
        case "d", "f": return number.doubleValue.description
        default: return number.stringValue
        }
    }

    /// Foundation's syntax error, with the line it names ("around character N") when it names one.
    private static func syntaxError(_ error: any Error, in data: Data, path: String) -> EnvironmentFileError {
        let debug = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        var line: Int?
        if let range = debug.range(of: "character "),
            let offset = Int(debug[range.upperBound...].prefix { $0.isNumber })
        {
            line = 1 + data.prefix(offset).filter { $0 == UInt8(ascii: "\n") }.count
        }
        return EnvironmentFileError(path: path, line: line, message: "not valid JSON: \(debug)")
    }
}
