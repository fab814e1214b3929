import Foundation

/// A dotenv file (`.env`): `KEY=value` lines, as docker compose and python-dotenv read them.
///
/// - `export KEY=value` is accepted (the file can also be `source`d by a shell); blank lines and `#` lines are
///   skipped.
/// - Unquoted values are trimmed, and end at ` #` (an inline comment); `#` inside a word stays (`a#b`).
/// - Single-quoted values are literal. Double-quoted values understand `\n`, `\r`, `\t`, `\"`, `\\` and `\$`; any
///   other backslash stays as written. Quoted values may span lines.
/// - `${NAME}` (and `${NAME:-default}`) in unquoted and double-quoted values is replaced by an earlier key of the file
///   or, failing that, by `NAME` in the `outer` environment the caller passes; an unknown name becomes empty, as in
///   a shell. A `$` not followed by `{` is kept.
/// - A key given twice keeps its last value.
public struct DotEnvFile: Sendable, Equatable {
    /// Keys in the order the file first sets them.
    public private(set) var keys: [String] = []
    public private(set) var variables: [String: String] = [:]

    public init() {}

    /// Reads and parses `url`; errors name the file and line.
    public static func load(contentsOf url: URL, outer: [String: String] = [:]) throws(EnvironmentFileError)
        -> DotEnvFile
    {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EnvironmentFileError(path: url.path, message: "cannot read: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw EnvironmentFileError(path: url.path, message: "not UTF-8 text")
        }
        return try parse(text, path: url.path, outer: outer)
    }

    /// Parses `text`; `path` only names the file in errors.
    public static func parse(_ text: String, path: String, outer: [String: String] = [:]) throws(EnvironmentFileError)
        -> DotEnvFile
    {
        var parser = DotEnvParser(text: text, path: path, outer: outer)
        var file = DotEnvFile()
        while let (key, value) = try parser.nextAssignment(known: file.variables) {
            if file.variables[key] == nil { file.keys.append(key) }
            file.variables[key] = value
        }
        return file
    }
}
