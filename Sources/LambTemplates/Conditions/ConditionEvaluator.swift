/// Evaluates a template's `Conditions` (`Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or` and references to other
/// conditions), each once, and refuses a chain of conditions that leads back to itself.
struct ConditionEvaluator {
    /// The operands of `Fn::Equals`: any intrinsic that gives a value (`Ref` of a parameter, `Fn::FindInMap`, ...).
    typealias OperandResolver = (TemplateValue, TemplateLocation) throws(TemplateError) -> TemplateValue

    private let definitions: [String: TemplateEntry]
    private let order: [String]
    private let file: String
    private var results: [String: Bool] = [:]
    /// The conditions being evaluated, outermost first: meeting one of them again is a cycle.
    private var inProgress: [String] = []

    init(definitions: [TemplateEntry], file: String) {
        self.definitions = Dictionary(definitions.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        self.order = definitions.map(\.key)
        self.file = file
    }

    /// Every condition's value. All are evaluated, used or not, as CloudFormation does.
    mutating func evaluateAll(resolve: OperandResolver) throws(TemplateError) -> [String: Bool] {
        for name in order {
            _ = try value(
                of: name, referencedFrom: TemplateLocation(file: file, logicalId: "Conditions"), resolve: resolve)
        }
        return results
    }

    private mutating func value(of name: String, referencedFrom location: TemplateLocation, resolve: OperandResolver)
        throws(TemplateError) -> Bool
    {
        if let known = results[name] { return known }
        guard let definition = definitions[name] else { throw location.error("no condition named \(name)") }
        if let start = inProgress.firstIndex(of: name) {
            let chain = (inProgress[start...] + [name]).joined(separator: " → ")
            throw TemplateLocation(file: file, logicalId: name, line: definition.line).error(
                "circular condition: \(chain)")
        }
        inProgress.append(name)
        let here = TemplateLocation(file: file, logicalId: name, line: definition.line)
        let result = try evaluate(definition.value, at: here, resolve: resolve)
        inProgress.removeLast()
        results[name] = result
        return result
    }

    private mutating func evaluate(_ expression: TemplateValue, at location: TemplateLocation, resolve: OperandResolver)
        throws(TemplateError) -> Bool
    {
        if case .bool(let literal) = expression { return literal }
        guard case .map(let entries) = expression, entries.count == 1, let entry = entries.first else {
            throw location.error("a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition")
        }
        let here = location.appending(entry)
        switch entry.key {
        case "Condition":
            guard let name = entry.value.text else { throw here.error("must name a condition") }
            return try value(of: name, referencedFrom: here, resolve: resolve)
        case "Fn::Equals":
            guard case .list(let operands) = entry.value, operands.count == 2 else {
                throw here.error("needs a list of two values")
            }
            let left = try resolve(operands[0], here.appending(index: 0))
            let right = try resolve(operands[1], here.appending(index: 1))
            return Self.equal(left, right)
        case "Fn::Not":
            guard case .list(let operands) = entry.value, operands.count == 1 else {
                throw here.error("needs a list of one condition")
            }
            return try !evaluate(operands[0], at: here.appending(index: 0), resolve: resolve)
        case "Fn::And", "Fn::Or":
            guard case .list(let operands) = entry.value, (2...10).contains(operands.count) else {
                throw here.error("needs a list of 2 to 10 conditions")
            }
            let isAnd = entry.key == "Fn::And"
            // Every operand is evaluated (no short cut), so that a mistake in any of them is reported.
            var result = isAnd
            for (index, operand) in operands.enumerated() {
                let value = try evaluate(operand, at: here.appending(index: index), resolve: resolve)
                result = isAnd ? (result && value) : (result || value)
            }
            return result
        default:
            throw here.error("\(entry.key) cannot be used in a condition")
        }
    }

    /// CloudFormation compares values as text: `!Equals [!Ref Count, 1]` holds when the parameter is `"1"`.
    static func equal(_ left: TemplateValue, _ right: TemplateValue) -> Bool {
        switch (left, right) {
        case (.list(let a), .list(let b)): a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.null, .null): true
        default: left.text != nil && left.text == right.text
        }
    }
}
