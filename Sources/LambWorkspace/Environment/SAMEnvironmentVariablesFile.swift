import Foundation

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

    /// Parses the JSON; `path` only names the file in errors.
    public static func parse(_ data: Data, path: String) throws(EnvironmentFileError) -> SAMEnvironmentVariablesFile {
        let top: [String: SAMVariableValue]
        do {
            top = try JSONDecoder().decode([String: SAMVariableValue].self, from: data)
        } catch DecodingError.dataCorrupted(let context) {
            throw EnvironmentFileError(path: path, message: "not valid JSON: \(Self.reason(context))")
        } catch {
            throw EnvironmentFileError(
                path: path, message: "expected a JSON object of function names to variables, like "
                    + #"{"Parameters": {"TABLE": "local"}, "HelloFunction": {"STAGE": "dev"}}"#)
        }
        var file = SAMEnvironmentVariablesFile()
        for (key, value) in top {
            guard case .object(let variables) = value else {
                throw EnvironmentFileError(
                    path: path,
                    message: "\"\(key)\" must be an object of variable names to values, like {\"\(key)\": {\"NAME\": \"value\"}}")
            }
            let text = variables.mapValues(\.environmentText)
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

    private static func reason(_ context: DecodingError.Context) -> String {
        if let underlying = context.underlyingError as NSError? {
            if let debug = underlying.userInfo[NSDebugDescriptionErrorKey] as? String { return debug }
            return underlying.localizedDescription
        }
        return context.debugDescription
    }
}

/// One JSON value of an env-vars file, kept only as far as SAM CLI's stringification needs.
enum SAMVariableValue: Decodable, Equatable {
    case text(String)
    case blank
    case object([String: SAMVariableValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .blank
        } else if let bool = try? container.decode(Bool.self) {
            self = .text(bool ? "true" : "false")
        } else if let int = try? container.decode(Int64.self) {
            self = .text(String(int))
        } else if let double = try? container.decode(Double.self) {
            // Python's str(float): 1.0 stays "1.0"; Swift's description agrees for the usual values.
            self = .text(double.description)
        } else if let string = try? container.decode(String.self) {
            self = .text(string)
        } else if let object = try? container.decode([String: SAMVariableValue].self) {
            self = .object(object)
        } else {
            self = .blank  // an array
        }
    }

    var environmentText: String {
        if case .text(let text) = self { return text }
        return ""
    }
}
