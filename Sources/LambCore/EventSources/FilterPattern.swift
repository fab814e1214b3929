/// One filter of an event source mapping's `FilterCriteria`: Lambda's filter-pattern language (EventBridge's
/// patterns, less wildcards), parsed once when the mapping is created or updated.
///
/// A pattern is an object whose keys name fields of the record: a nested object descends, an array lists the values
/// (or comparisons) any one of which the field must match; every key must match, `$or` takes the first pattern that
/// does. A field that holds an array matches when one of its elements does.
public struct FilterPattern: Sendable, Equatable {
    indirect enum Node: Sendable {
        /// Every field must match; then, if there is an `$or`, one of its alternatives.
        case fields([String: Node], alternatives: [Node])
        /// The field's value must match one of these.
        case anyOf([Matcher])
    }

    enum Matcher: Sendable {
        case equals(JSONValue)
        case prefix(String, ignoringCase: Bool)
        case suffix(String, ignoringCase: Bool)
        case equalsIgnoringCase(String)
        case anythingBut([JSONValue])
        case anythingButPrefix(String)
        case anythingButSuffix(String)
        case numeric([(Comparison, Double)])
        case exists(Bool)
    }

    enum Comparison: String, Sendable {
        case equal = "=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    let root: Node
    /// The pattern as the user wrote it (`FilterCriteria.Filters[].Pattern`).
    public let text: String

    /// Two patterns are the same when written the same.
    public static func == (lhs: FilterPattern, rhs: FilterPattern) -> Bool { lhs.text == rhs.text }

    /// Lambda's answer to a pattern it cannot read.
    public static let invalid = LambError.invalidParameter("Invalid filter pattern definition.")

    public init(_ text: String) throws(LambError) {
        guard let value = JSONValue.parse(text), case .object = value else { throw Self.invalid }
        self.text = text
        root = try Self.node(value)
    }

    /// Whether `record` (the record as Lambda shows it to patterns, the body parsed when it is JSON) passes.
    public func matches(_ record: JSONValue) -> Bool { Self.matches(root, record) }

    /// A message passes a mapping's criteria when it matches any one filter; no filters let everything through.
    public static func passes(_ record: JSONValue, filters: [FilterPattern]) -> Bool {
        filters.isEmpty || filters.contains { $0.matches(record) }
    }
}

// MARK: - Parsing

extension FilterPattern {
    private static func node(_ value: JSONValue) throws(LambError) -> Node {
        switch value {
        case .object(let members):
            guard !members.isEmpty else { throw invalid }
            var fields: [String: Node] = [:]
            var alternatives: [Node] = []
            for (key, member) in members {
                if key == "$or" {
                    guard case .array(let options) = member, options.count >= 2 else { throw invalid }
                    for option in options {
                        guard case .object = option else { throw invalid }
                        alternatives.append(try node(option))
                    }
                } else {
                    fields[key] = try node(member)
                }
            }
            return .fields(fields, alternatives: alternatives)
        case .array(let values):
            guard !values.isEmpty else { throw invalid }
            var matchers: [Matcher] = []
            for value in values { matchers.append(try matcher(value)) }
            return .anyOf(matchers)
        default:
            // A leaf must be an array of values ({"a": "b"} is not a pattern; {"a": ["b"]} is).
            throw invalid
        }
    }

    private static func matcher(_ value: JSONValue) throws(LambError) -> Matcher {
        switch value {
        case .string, .number, .null, .bool:
            return .equals(value)
        case .object(let members):
            guard members.count == 1, let (operation, operand) = members.first else { throw invalid }
            switch (operation, operand) {
            case ("prefix", .string(let text)): return .prefix(text, ignoringCase: false)
            case ("suffix", .string(let text)): return .suffix(text, ignoringCase: false)
            case ("prefix", .object(let inner)):
                guard inner.count == 1, case .string(let text)? = inner["equals-ignore-case"] else { throw invalid }
                return .prefix(text, ignoringCase: true)
            case ("suffix", .object(let inner)):
                guard inner.count == 1, case .string(let text)? = inner["equals-ignore-case"] else { throw invalid }
                return .suffix(text, ignoringCase: true)
            case ("equals-ignore-case", .string(let text)): return .equalsIgnoringCase(text)
            case ("exists", .bool(let flag)): return .exists(flag)
            case ("numeric", .array(let terms)): return .numeric(try comparisons(terms))
            case ("anything-but", .string), ("anything-but", .number):
                return .anythingBut([operand])
            case ("anything-but", .array(let values)):
                guard !values.isEmpty, values.allSatisfy({ $0.isScalarLiteral }) else { throw invalid }
                return .anythingBut(values)
            case ("anything-but", .object(let inner)):
                guard inner.count == 1 else { throw invalid }
                if case .string(let text)? = inner["prefix"] { return .anythingButPrefix(text) }
                if case .string(let text)? = inner["suffix"] { return .anythingButSuffix(text) }
                throw invalid
            default:
                throw invalid
            }
        case .array:
            throw invalid
        }
    }

    /// `["<", 10, ">=", 5]`: one or two comparisons, each an operator and a number.
    private static func comparisons(_ terms: [JSONValue]) throws(LambError) -> [(Comparison, Double)] {
        guard !terms.isEmpty, terms.count % 2 == 0, terms.count <= 4 else { throw invalid }
        var result: [(Comparison, Double)] = []
        var index = 0
        while index < terms.count {
            guard case .string(let symbol) = terms[index], let comparison = Comparison(rawValue: symbol),
                case .number(let bound) = terms[index + 1]
            else { throw invalid }
            result.append((comparison, bound))
            index += 2
        }
        return result
    }
}

extension JSONValue {
    fileprivate var isScalarLiteral: Bool {
        switch self {
        case .string, .number: return true
        default: return false
        }
    }
}

// MARK: - Matching

extension FilterPattern {
    private static func matches(_ node: Node, _ value: JSONValue?) -> Bool {
        switch node {
        case .fields(let fields, let alternatives):
            for (key, child) in fields where !matches(child, value?[key]) { return false }
            return alternatives.isEmpty || alternatives.contains { matches($0, value) }
        case .anyOf(let matchers):
            return matchers.contains { matcherMatches($0, value) }
        }
    }

    private static func matcherMatches(_ matcher: Matcher, _ value: JSONValue?) -> Bool {
        if case .exists(let flag) = matcher {
            guard let value else { return !flag }
            if case .array(let elements) = value { return elements.isEmpty ? !flag : flag }
            return flag
        }
        guard let value else { return false }
        // A field holding an array matches when one of its elements does.
        if case .array(let elements) = value {
            return elements.contains { matcherMatches(matcher, $0) }
        }
        switch matcher {
        case .equals(let literal):
            return literal == value
        case .prefix(let text, let ignoringCase):
            guard case .string(let string) = value else { return false }
            return ignoringCase ? string.lowercased().hasPrefix(text.lowercased()) : string.hasPrefix(text)
        case .suffix(let text, let ignoringCase):
            guard case .string(let string) = value else { return false }
            return ignoringCase ? string.lowercased().hasSuffix(text.lowercased()) : string.hasSuffix(text)
        case .equalsIgnoringCase(let text):
            guard case .string(let string) = value else { return false }
            return string.lowercased() == text.lowercased()
        case .anythingBut(let excluded):
            return !excluded.contains(value)
        case .anythingButPrefix(let text):
            guard case .string(let string) = value else { return false }
            return !string.hasPrefix(text)
        case .anythingButSuffix(let text):
            guard case .string(let string) = value else { return false }
            return !string.hasSuffix(text)
        case .numeric(let comparisons):
            guard case .number(let number) = value else { return false }
            return comparisons.allSatisfy { comparison, bound in
                switch comparison {
                case .equal: return number == bound
                case .less: return number < bound
                case .lessOrEqual: return number <= bound
                case .greater: return number > bound
                case .greaterOrEqual: return number >= bound
                }
            }
        case .exists:
            return true
        }
    }
}
