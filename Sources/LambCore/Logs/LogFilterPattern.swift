import Foundation

/// A CloudWatch Logs filter pattern, as `FilterLogEvents` and `aws logs tail --filter-pattern` take it, matched
/// against one event's message.
///
/// Four forms, told apart by the first character:
/// - terms (the default): `ERROR`, `"a phrase"`, `?ERROR ?WARN` (any of), `-DEBUG` (none of). Plain terms must all
///   appear; case-sensitive, anywhere in the message.
/// - JSON (`{ ... }`): conditions on fields of a message that is a JSON object (``JSONCondition``).
/// - space-delimited (`[a, b, c = 4*, ...]`): the message split into fields (``DelimitedPattern``).
/// - a regular expression (`%...%`), searched for in the message.
///
/// An empty pattern matches every event.
public struct LogFilterPattern {
    enum Form {
        case everything
        case terms(TermPattern)
        case json(JSONCondition)
        case delimited(DelimitedPattern)
        case regex(NSRegularExpression)
    }

    let form: Form

    /// Parses `text`; `InvalidParameterException` ("Invalid filter pattern") when it is not a pattern.
    public init(_ text: String) throws(LogsServiceError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let first = trimmed.first else {
            form = .everything
            return
        }
        switch first {
        case "{":
            guard trimmed.last == "}" else { throw .invalidFilterPattern }
            form = .json(try JSONCondition.parse(String(trimmed.dropFirst().dropLast())))
        case "[":
            guard trimmed.last == "]" else { throw .invalidFilterPattern }
            form = .delimited(try DelimitedPattern.parse(String(trimmed.dropFirst().dropLast())))
        case "%":
            guard trimmed.count > 2, trimmed.last == "%",
                let regex = try? NSRegularExpression(pattern: String(trimmed.dropFirst().dropLast()))
            else { throw .invalidFilterPattern }
            form = .regex(regex)
        default:
            form = .terms(try TermPattern.parse(trimmed))
        }
    }

    public func matches(_ message: String) -> Bool {
        switch form {
        case .everything:
            return true
        case .terms(let terms):
            return terms.matches(message)
        case .json(let condition):
            // Only a message that is a JSON object has fields.
            guard let document = JSONValue.parse(message), case .object = document else { return false }
            return condition.holds(in: document)
        case .delimited(let pattern):
            return pattern.matches(message)
        case .regex(let regex):
            return regex.firstMatch(in: message, range: NSRange(message.startIndex..., in: message)) != nil
        }
    }
}

/// Terms of an unstructured pattern.
struct TermPattern: Equatable {
    /// Each must appear.
    var required: [String] = []
    /// At least one must appear, when there are any (`?term`).
    var anyOf: [String] = []
    /// None may appear (`-term`).
    var excluded: [String] = []

    static func parse(_ text: String) throws(LogsServiceError) -> TermPattern {
        var pattern = TermPattern()
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard let first = rest.first else { break }
            var marker: Character?
            if first == "?" || first == "-", rest.count > 1 {
                marker = first
                rest = rest.dropFirst()
            }
            let term: String
            if rest.first == "\"" {
                guard let (phrase, after) = quoted(rest) else { throw .invalidFilterPattern }
                term = phrase
                rest = after
            } else {
                let end = rest.firstIndex { $0 == " " || $0 == "\t" } ?? rest.endIndex
                term = String(rest[..<end])
                guard !term.contains("\"") else { throw .invalidFilterPattern }
                rest = rest[end...]
            }
            switch marker {
            case "?": pattern.anyOf.append(term)
            case "-": pattern.excluded.append(term)
            default: pattern.required.append(term)
            }
        }
        return pattern
    }

    /// The phrase of a `"..."` at the start of `text` (`\"` and `\\` escaped) and the text after it.
    static func quoted(_ text: Substring) -> (String, Substring)? {
        var phrase = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let c = text[index]
            if c == "\\", text.index(after: index) < text.endIndex {
                index = text.index(after: index)
                phrase.append(text[index])
            } else if c == "\"" {
                return (phrase, text[text.index(after: index)...])
            } else {
                phrase.append(c)
            }
            index = text.index(after: index)
        }
        return nil
    }

    func matches(_ message: String) -> Bool {
        for term in required where !message.contains(term) { return false }
        for term in excluded where message.contains(term) { return false }
        return anyOf.isEmpty || anyOf.contains { message.contains($0) }
    }
}

/// `*` in a pattern's string value matches any run of characters; everything else matches itself.
enum Wildcard {
    static func matches(_ pattern: String, _ value: String) -> Bool {
        guard pattern.contains("*") else { return pattern == value }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
        var rest = Substring(value)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let found = rest.range(of: part) else { return false }
            rest = rest[found.upperBound...]
        }
        return rest.hasSuffix(parts[parts.count - 1])
    }
}
