import ArgumentParser
import Foundation

/// Output of the client commands. Writes go straight to the file descriptors, unbuffered: `lamb logs --follow`
/// must show each line as it arrives even into a pipe, and a SIGINT exit must not lose buffered text.
enum Console {
    static func out(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }

    static func out(_ data: Data) { FileHandle.standardOutput.write(data) }

    static func err(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    /// JSON re-indented for people, keys sorted so that output is stable; anything unparsable as it came.
    static func prettyJSON(_ data: Data) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return String(decoding: data, as: UTF8.self)
        }
        return prettyJSON(object: object) ?? String(decoding: data, as: UTF8.self)
    }

    /// A JSON value (from `JSONSerialization`) re-indented for people.
    static func prettyJSON(object: Any) -> String? {
        let options: JSONSerialization.WritingOptions = [
            .prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed,
        ]
        return (try? JSONSerialization.data(withJSONObject: object, options: options))
            .map { collapsingEmptyContainers(String(decoding: $0, as: UTF8.self)) }
    }

    /// Foundation on Linux pretty-prints an empty object as `{`, a blank line and `}`; write `{}` (and `[]`) as
    /// Darwin does. Only real newlines are matched, and JSON strings cannot hold one, so no string is changed.
    private static func collapsingEmptyContainers(_ text: String) -> String {
        text.replacingOccurrences(of: "\\{\n[ ]*\n[ ]*\\}", with: "{}", options: .regularExpression)
            .replacingOccurrences(of: "\\[\n[ ]*\n[ ]*\\]", with: "[]", options: .regularExpression)
    }

    /// `12s`, `3m04s`, `2h05m`, `3d04h`: ages and idle times in the tables.
    static func duration(_ seconds: Double) -> String {
        let total = max(0, Int(seconds))
        switch total {
        case ..<60: return "\(total)s"
        case ..<3600: return "\(total / 60)m" + String(format: "%02ds", total % 60)
        case ..<86400: return "\(total / 3600)h" + String(format: "%02dm", total % 3600 / 60)
        default: return "\(total / 86400)d" + String(format: "%02dh", total % 86400 / 3600)
        }
    }
}

/// Runs a client command's body and turns every failure into `lamb: <what happened>` on stderr and exit code 2, so
/// that exit code 1 keeps meaning "the function failed" and users never see a Swift error dump.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch let error as ClientError {
        Console.err("lamb: \(error)\n")
        throw ExitCode(2)
    } catch {
        Console.err("lamb: \(error.localizedDescription)\n")
        throw ExitCode(2)
    }
}
