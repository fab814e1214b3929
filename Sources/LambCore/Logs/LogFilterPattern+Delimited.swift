import Foundation

/// A space-delimited pattern: `[ip, user, ..., status = 4*, bytes > 1000]`.
///
/// The message is split at spaces into fields; text inside `"..."` or `[...]` is one field (without its quotes or
/// brackets). The pattern names each field in order; `...` stands for any number of fields. A field may carry
/// conditions on named fields (`status = 4* || status = 5*`), with the operators of JSON patterns.
struct DelimitedPattern: Equatable {
    enum Field: Equatable {
        case named(String)
        case ellipsis
    }

    var fields: [Field]
    /// Every one must hold, with the fields bound by name.
    var conditions: [DelimitedCondition]

    static func parse(_ text: String) throws(LogsServiceError) -> DelimitedPattern {
        var fields: [Field] = []
        var conditions: [DelimitedCondition] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let spec = part.trimmingCharacters(in: .whitespaces)
            if spec == "..." {
                fields.append(.ellipsis)
                continue
            }
            let tokens = try ConditionToken.lex(spec)
            guard case .word(let name) = tokens.first, name.allSatisfy(Self.isNameCharacter) else {
                throw .invalidFilterPattern
            }
            fields.append(.named(name))
            if tokens.count > 1 { conditions.append(try DelimitedCondition.parse(tokens)) }
        }
        return DelimitedPattern(fields: fields, conditions: conditions)
    }

    private static func isNameCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    func matches(_ message: String) -> Bool {
        bind(fields[...], Self.split(message)[...], bound: [:])
    }

    /// Tries every way the `...`s can take fields, until one binding satisfies the conditions.
    private func bind(_ pattern: ArraySlice<Field>, _ values: ArraySlice<String>, bound: [String: String]) -> Bool {
        guard let first = pattern.first else {
            return values.isEmpty && conditions.allSatisfy { $0.holds(bound) }
        }
        switch first {
        case .ellipsis:
            for skip in 0...values.count where bind(pattern.dropFirst(), values.dropFirst(skip), bound: bound) {
                return true
            }
            return false
        case .named(let name):
            guard let value = values.first else { return false }
            var next = bound
            next[name] = value
            return bind(pattern.dropFirst(), values.dropFirst(), bound: next)
        }
    }

    /// The fields of a message: runs between spaces, with `"..."` and `[...]` kept whole.
    static func split(_ message: String) -> [String] {
        var fields: [String] = []
        var rest = Substring(message)
        while true {
            rest = rest.drop { $0 == " " }
            guard let first = rest.first else { break }
            let closer: Character? = first == "\"" ? "\"" : first == "[" ? "]" : nil
            if let closer, let end = rest.dropFirst().firstIndex(of: closer) {
                fields.append(String(rest[rest.index(after: rest.startIndex)..<end]))
                rest = rest[rest.index(after: end)...]
            } else {
                let end = rest.firstIndex(of: " ") ?? rest.endIndex
                fields.append(String(rest[..<end]))
                rest = rest[end...]
            }
        }
        return fields
    }
}

/// `name OP value` comparisons joined by `&&` and `||` (`&&` binds tighter), on a delimited pattern's fields.
struct DelimitedCondition: Equatable {
    struct Comparison: Equatable {
        var field: String
        var op: ComparisonOperator
        var literal: JSONCondition.Literal
    }

    /// Alternatives, each a list of comparisons that must all hold.
    var alternatives: [[Comparison]]

    static func parse(_ tokens: [ConditionToken]) throws(LogsServiceError) -> DelimitedCondition {
        var alternatives: [[Comparison]] = [[]]
        var index = 0
        while index < tokens.count {
            guard index + 2 < tokens.count, case .word(let field) = tokens[index], case .op(let op) = tokens[index + 1]
            else { throw .invalidFilterPattern }
            let literal: JSONCondition.Literal
            switch tokens[index + 2] {
            case .quoted(let text): literal = .string(text)
            case .word(let text): literal = Double(text).map { .number($0) } ?? .string(text)
            default: throw .invalidFilterPattern
            }
            if case .string = literal, op != .equal, op != .notEqual { throw .invalidFilterPattern }
            alternatives[alternatives.count - 1].append(Comparison(field: field, op: op, literal: literal))
            index += 3
            guard index < tokens.count else { break }
            switch tokens[index] {
            case .and: break
            case .or: alternatives.append([])
            default: throw .invalidFilterPattern
            }
            index += 1
            guard index < tokens.count else { throw .invalidFilterPattern }
        }
        return DelimitedCondition(alternatives: alternatives)
    }

    func holds(_ bound: [String: String]) -> Bool {
        alternatives.contains { comparisons in
            comparisons.allSatisfy { comparison in
                guard let text = bound[comparison.field] else { return false }
                // A field is text; it compares as a number when both sides are numbers.
                let value: JSONValue =
                    if case .number = comparison.literal, let number = Double(text) { .number(number) } else {
                        .string(text)
                    }
                let literal: JSONCondition.Literal =
                    if case .number(let n) = comparison.literal, case .string = value {
                        .string(n.rounded() == n ? String(Int64(n)) : String(n))
                    } else { comparison.literal }
                return comparison.op.holds(value: value, literal: literal)
            }
        }
    }
}
