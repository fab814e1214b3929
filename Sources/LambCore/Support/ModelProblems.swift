import Foundation

/// Violations of the API model's constraints (botocore's shapes), reported together as Lambda reports them:
/// `N validation errors detected: <problem>; <problem>`.
struct ModelProblems {
    private(set) var problems: [String] = []

    mutating func null(_ member: String) {
        problems.append("Value null at '\(member)' failed to satisfy constraint: Member must not be null")
    }

    mutating func notInEnum(_ value: String, _ member: String, _ allowed: [String]) {
        problems.append(FunctionURLRules.enumProblem(value, member, allowed))
    }

    mutating func tooLong(_ value: String, _ member: String, max: Int) {
        problems.append(
            "Value '\(value)' at '\(member)' failed to satisfy constraint: Member must have length less than or "
                + "equal to \(max)")
    }

    mutating func pattern(_ value: String, _ member: String, _ shown: String) {
        problems.append(
            "Value '\(value)' at '\(member)' failed to satisfy constraint: Member must satisfy regular expression "
                + "pattern: \(shown)")
    }

    mutating func add(_ problem: String) { problems.append(problem) }

    /// Throws `InvalidParameterValueException` naming every problem, if there is any.
    func check() throws(LambError) {
        guard !problems.isEmpty else { return }
        let count = problems.count == 1 ? "1 validation error" : "\(problems.count) validation errors"
        throw LambError.invalidParameter("\(count) detected: " + problems.joined(separator: "; "))
    }

    /// Whether all of `value` matches the ICU regular expression `pattern`.
    static func matches(_ value: String, _ pattern: String) -> Bool {
        value.range(of: "^(?:\(pattern))$", options: .regularExpression) != nil
    }
}
