import Foundation

/// The inside of a JSON filter pattern: `$.level = "ERROR" && ($.latency > 100 || $.user.id NOT EXISTS)`.
///
/// A comparison with a field the message lacks is false (except `NOT EXISTS`); numbers compare only with numbers and
/// strings only with strings (`*` in a string is a wildcard); `!=` holds for a present field that is not equal.
indirect enum JSONCondition: Equatable {
    case all([JSONCondition])
    case any([JSONCondition])
    case compare(JSONSelector, ComparisonOperator, Literal)
    case isNull(JSONSelector)
    case notExists(JSONSelector)
    case isBool(JSONSelector, Bool)

    enum Literal: Equatable {
        case number(Double)
        case string(String)
    }

    static func parse(_ text: String) throws(LogsServiceError) -> JSONCondition {
        var parser = ConditionParser(tokens: try ConditionToken.lex(text))
        let condition = try parser.disjunction()
        guard parser.atEnd else { throw .invalidFilterPattern }
        return condition
    }

    func holds(in document: JSONValue) -> Bool {
        switch self {
        case .all(let conditions): return conditions.allSatisfy { $0.holds(in: document) }
        case .any(let conditions): return conditions.contains { $0.holds(in: document) }
        case .notExists(let selector): return selector.value(in: document) == nil
        case .isNull(let selector): return selector.value(in: document) == .null
        case .isBool(let selector, let expected): return selector.value(in: document) == .bool(expected)
        case .compare(let selector, let op, let literal):
            guard let value = selector.value(in: document) else { return false }
            return op.holds(value: value, literal: literal)
        }
    }
}

enum ComparisonOperator: String, Equatable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// Whether `value` compares to `literal` this way; a value of another type is never equal.
    func holds(value: JSONValue, literal: JSONCondition.Literal) -> Bool {
        switch (value, literal) {
        case (.number(let v), .number(let l)):
            switch self {
            case .equal: return v == l
            case .notEqual: return v != l
            case .less: return v < l
            case .lessOrEqual: return v <= l
            case .greater: return v > l
            case .greaterOrEqual: return v >= l
            }
        case (.string(let v), .string(let l)):
            switch self {
            case .equal: return Wildcard.matches(l, v)
            case .notEqual: return !Wildcard.matches(l, v)
            default: return false
            }
        default:
            return self == .notEqual
        }
    }
}

/// `$.a.b[0]`: the path to a value in a JSON document.
struct JSONSelector: Equatable {
    enum Step: Equatable {
        case key(String)
        case index(Int)
    }

    var steps: [Step]

    /// Parses a selector as written (starting with `$`).
    static func parse(_ text: String) throws(LogsServiceError) -> JSONSelector {
        guard text.first == "$" else { throw .invalidFilterPattern }
        var steps: [Step] = []
        var rest = text.dropFirst()
        while let first = rest.first {
            if first == "." {
                rest = rest.dropFirst()
                let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                let key = rest[..<end]
                guard !key.isEmpty, !key.contains("]") else { throw .invalidFilterPattern }
                steps.append(.key(String(key)))
                rest = rest[end...]
            } else if first == "[" {
                guard let close = rest.firstIndex(of: "]"),
                    let index = Int(rest[rest.index(after: rest.startIndex)..<close]),
                    index >= 0
                else { throw .invalidFilterPattern }
                steps.append(.index(index))
                rest = rest[rest.index(after: close)...]
            } else {
                throw .invalidFilterPattern
            }
        }
        guard !steps.isEmpty else { throw .invalidFilterPattern }
        return JSONSelector(steps: steps)
    }

    /// The value at this path, or `nil` when the document has none there.
    func value(in document: JSONValue) -> JSONValue? {
        var current = document
        for step in steps {
            switch (step, current) {
            case (.key(let key), .object(let members)):
                guard let next = members[key] else { return nil }
                current = next
            case (.index(let index), .array(let items)):
                guard index < items.count else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }
}

/// The tokens of a condition: parentheses, `&&`, `||`, operators, selectors, quoted strings and bare words.
enum ConditionToken: Equatable {
    case open, close, and, or
    case op(ComparisonOperator)
    case selector(String)
    case quoted(String)
    case word(String)

    private static let breaking: Set<Character> = ["(", ")", "=", "!", "<", ">", "&", "|", " ", "\t", "\""]

    static func lex(_ text: String) throws(LogsServiceError) -> [ConditionToken] {
        var tokens: [ConditionToken] = []
        var rest = Substring(text)
        while let c = rest.first {
            let two = rest.prefix(2)
            switch c {
            case " ", "\t", "\n":
                rest = rest.dropFirst()
            case "(":
                tokens.append(.open)
                rest = rest.dropFirst()
            case ")":
                tokens.append(.close)
                rest = rest.dropFirst()
            case "&", "|":
                guard two == "&&" || two == "||" else { throw .invalidFilterPattern }
                tokens.append(two == "&&" ? .and : .or)
                rest = rest.dropFirst(2)
            case "=", "!", "<", ">":
                let op = ComparisonOperator(rawValue: String(two)) ?? ComparisonOperator(rawValue: String(c))
                guard let op else { throw .invalidFilterPattern }
                tokens.append(.op(op))
                rest = rest.dropFirst(op.rawValue.count)
            case "\"":
                guard let (phrase, after) = TermPattern.quoted(rest) else { throw .invalidFilterPattern }
                tokens.append(.quoted(phrase))
                rest = after
            default:
                let end = rest.firstIndex { breaking.contains($0) } ?? rest.endIndex
                let word = String(rest[..<end])
                tokens.append(c == "$" ? .selector(word) : .word(word))
                rest = rest[end...]
            }
        }
        return tokens
    }
}

/// Recursive descent over ``ConditionToken``s: `||` binds looser than `&&`; parentheses group.
struct ConditionParser {
    var tokens: [ConditionToken]
    var position = 0

    var atEnd: Bool { position == tokens.count }

    private var next: ConditionToken? { position < tokens.count ? tokens[position] : nil }

    private mutating func take() -> ConditionToken? {
        defer { position += 1 }
        return next
    }

    mutating func disjunction() throws(LogsServiceError) -> JSONCondition {
        var terms = [try conjunction()]
        while next == .or {
            position += 1
            terms.append(try conjunction())
        }
        return terms.count == 1 ? terms[0] : .any(terms)
    }

    private mutating func conjunction() throws(LogsServiceError) -> JSONCondition {
        var terms = [try primary()]
        while next == .and {
            position += 1
            terms.append(try primary())
        }
        return terms.count == 1 ? terms[0] : .all(terms)
    }

    private mutating func primary() throws(LogsServiceError) -> JSONCondition {
        switch take() {
        case .open:
            let inner = try disjunction()
            guard take() == .close else { throw .invalidFilterPattern }
            return inner
        case .selector(let text):
            return try comparison(JSONSelector.parse(text))
        default:
            throw .invalidFilterPattern
        }
    }

    private mutating func comparison(_ selector: JSONSelector) throws(LogsServiceError) -> JSONCondition {
        switch take() {
        case .op(let op):
            let literal: JSONCondition.Literal
            switch take() {
            case .quoted(let text): literal = .string(text)
            case .word(let text): literal = Double(text).map { .number($0) } ?? .string(text)
            default: throw .invalidFilterPattern
            }
            // Ordering needs a number.
            if case .string = literal, op != .equal, op != .notEqual { throw .invalidFilterPattern }
            return .compare(selector, op, literal)
        case .word(let word) where word.uppercased() == "IS":
            guard case .word(let what) = take() else { throw .invalidFilterPattern }
            switch what.uppercased() {
            case "NULL": return .isNull(selector)
            case "TRUE": return .isBool(selector, true)
            case "FALSE": return .isBool(selector, false)
            default: throw .invalidFilterPattern
            }
        case .word(let word) where word.uppercased() == "NOT":
            guard case .word(let what) = take(), what.uppercased() == "EXISTS" else { throw .invalidFilterPattern }
            return .notExists(selector)
        default:
            throw .invalidFilterPattern
        }
    }
}
