import Foundation

/// The scanner behind ``DotEnvFile``: one assignment at a time, over Unicode scalars (so `\r\n` is two scalars, not
/// one `Character`), keeping the line number for errors.
struct DotEnvParser {
    private let scalars: [Unicode.Scalar]
    private let path: String
    private let outer: [String: String]
    private var index = 0
    private var line = 1

    init(text: String, path: String, outer: [String: String]) {
        scalars = Array(text.unicodeScalars)
        self.path = path
        self.outer = outer
    }

    /// The next `KEY=value`, or `nil` at the end. `known` holds the keys set so far, for `${NAME}`.
    mutating func nextAssignment(known: [String: String]) throws(EnvironmentFileError) -> (String, String)? {
        while index < scalars.count {
            skipBlanks()
            guard let c = peek else { return nil }
            if c == "\n" {
                advance()
                continue
            }
            if c == "#" {
                skipToEndOfLine()
                continue
            }
            var key = readName()
            if key == "export", let next = peek, next == " " || next == "\t" {
                skipBlanks()
                key = readName()
            }
            guard !key.isEmpty else {
                throw error("expected a variable name (letters, digits and _, not starting with a digit)")
            }
            skipBlanks()
            guard peek == "=" else { throw error("expected '=' after \(key)") }
            advance()
            let valueStart = index
            skipBlanks()
            let value = try readValue(known: known, afterBlank: index > valueStart)
            return (key, value)
        }
        return nil
    }

    // MARK: Values

    private mutating func readValue(known: [String: String], afterBlank: Bool) throws(EnvironmentFileError) -> String {
        switch peek {
        case "'":
            let value = try readQuoted("'", known: known)
            try finishLineAfterQuote()
            return value
        case "\"":
            let value = try readQuoted("\"", known: known)
            try finishLineAfterQuote()
            return value
        default:
            // `KEY= # note` is an empty value with a comment, as in a shell.
            if afterBlank && peek == "#" {
                skipToEndOfLine()
                return ""
            }
            return readUnquoted(known: known)
        }
    }

    /// Up to the end of the line or an inline comment (` #`), trimmed, with `${NAME}` replaced.
    private mutating func readUnquoted(known: [String: String]) -> String {
        var raw = String.UnicodeScalarView()
        while let c = peek, c != "\n" {
            if c == "#", let last = raw.last, last == " " || last == "\t" {
                skipToEndOfLine()
                break
            }
            raw.append(c)
            advance()
        }
        let text = String(raw).trimmingCharacters(in: .whitespacesAndNewlines)
        return expand(text, known: known)
    }

    private mutating func readQuoted(_ quote: Unicode.Scalar, known: [String: String]) throws(EnvironmentFileError)
        -> String
    {
        let startLine = line
        advance()
        var out = String.UnicodeScalarView()
        var pendingExpansion = String.UnicodeScalarView()  // literal text to expand, collected between escapes
        func flush(_ out: inout String.UnicodeScalarView, _ pending: inout String.UnicodeScalarView) {
            out.append(contentsOf: expand(String(pending), known: known).unicodeScalars)
            pending.removeAll()
        }
        while let c = peek {
            advance()
            if c == quote {
                if quote == "\"" { flush(&out, &pendingExpansion) }
                return String(out)
            }
            guard quote == "\"" else {
                out.append(c)
                continue
            }
            guard c == "\\", let next = peek else {
                pendingExpansion.append(c)
                continue
            }
            flush(&out, &pendingExpansion)
            advance()
            switch next {
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "\"", "\\", "$": out.append(next)
            default:
                out.append("\\")
                out.append(next)
            }
        }
        throw EnvironmentFileError(
            path: path, line: startLine, message: "unterminated \(quote == "'" ? "single" : "double")-quoted value")
    }

    /// After a closing quote only blanks and a comment may follow on the line.
    private mutating func finishLineAfterQuote() throws(EnvironmentFileError) {
        skipBlanks()
        guard let c = peek, c != "\n" else { return }
        guard c == "#" else { throw error("unexpected text after the closing quote") }
        skipToEndOfLine()
    }

    /// `${NAME}` and `${NAME:-default}` replaced; anything else as written.
    private func expand(_ text: String, known: [String: String]) -> String {
        guard text.contains("${") else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            out += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                out += rest[start.lowerBound...]
                return out
            }
            let body = rest[start.upperBound..<end]
            let name: Substring
            var fallback: Substring?
            if let separator = body.range(of: ":-") {
                name = body[..<separator.lowerBound]
                fallback = body[separator.upperBound...]
            } else {
                name = body
            }
            let value = known[String(name)] ?? outer[String(name)]
            if let value, !(value.isEmpty && fallback != nil) {
                out += value
            } else {
                out += fallback ?? ""
            }
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    // MARK: Scanning

    private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private mutating func advance() {
        if index < scalars.count, scalars[index] == "\n" { line += 1 }
        index += 1
    }

    /// Spaces, tabs, and a `\r` (of a `\r\n` line end).
    private mutating func skipBlanks() {
        while let c = peek, c == " " || c == "\t" || c == "\r" { index += 1 }
    }

    private mutating func skipToEndOfLine() {
        while let c = peek, c != "\n" { index += 1 }
    }

    private mutating func readName() -> String {
        var name = String.UnicodeScalarView()
        while let c = peek, c.isASCII,
            c == "_" || ("A"..."Z").contains(c) || ("a"..."z").contains(c) || (!name.isEmpty && ("0"..."9").contains(c))
        {
            name.append(c)
            index += 1
        }
        return String(name)
    }

    private func error(_ message: String) -> EnvironmentFileError {
        EnvironmentFileError(path: path, line: line, message: message)
    }
}
