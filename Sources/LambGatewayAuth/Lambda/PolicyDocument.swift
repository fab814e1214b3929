import LambGateway

/// The IAM policy a Lambda authorizer returns, reduced to what API Gateway evaluates: statements of `Effect`,
/// `Action` and `Resource` (each a string or a list).
///
/// Statements with `NotAction` / `NotResource` / `Condition` are not evaluated by Lamb (they match nothing), which
/// can only refuse more than AWS does, never allow more.
public struct PolicyDocument: Sendable, Equatable {
    public struct Statement: Sendable, Equatable {
        public var allow: Bool
        public var actions: [String]
        public var resources: [String]

        public init(allow: Bool, actions: [String], resources: [String]) {
            self.allow = allow
            self.actions = actions
            self.resources = resources
        }
    }

    /// The outcome of evaluating a policy for one ARN.
    public enum Evaluation: Sendable, Equatable {
        case allowed
        case explicitlyDenied
        /// Nothing allows it.
        case notAllowed
    }

    public var statements: [Statement]

    public init(statements: [Statement]) {
        self.statements = statements
    }

    /// Parses `policyDocument`; nil when it is not a policy (no `Statement`, an `Effect` other than `Allow` /
    /// `Deny`, an `Action` or `Resource` that is not text): API Gateway refuses such answers with a 500.
    init?(json: GatewayJSON) {
        guard let statementJSON = json["Statement"] else { return nil }
        let list: [GatewayJSON]
        switch statementJSON {
        case .array(let items): list = items
        case .object: list = [statementJSON]
        default: return nil
        }
        var statements: [Statement] = []
        for item in list {
            guard case .object = item, case .string(let effect)? = item["Effect"] else { return nil }
            guard effect == "Allow" || effect == "Deny" else { return nil }
            if item["NotAction"] != nil || item["NotResource"] != nil || item["Condition"] != nil { continue }
            guard let actions = Self.strings(item["Action"]), let resources = Self.strings(item["Resource"]) else {
                return nil
            }
            statements.append(Statement(allow: effect == "Allow", actions: actions, resources: resources))
        }
        self.statements = statements
    }

    private static func strings(_ value: GatewayJSON?) -> [String]? {
        switch value {
        case .string(let text)?: return [text]
        case .array(let items)?:
            var out: [String] = []
            for item in items {
                guard case .string(let text) = item else { return nil }
                out.append(text)
            }
            return out
        default: return nil
        }
    }

    /// IAM's rule: an explicit `Deny` that covers the ARN wins; otherwise an `Allow` that covers it allows;
    /// otherwise the request is not allowed.
    public func evaluate(arn: String) -> Evaluation {
        let covering = statements.filter { statement in
            statement.actions.contains(where: Self.isInvokeAction)
                && statement.resources.contains { Wildcard.matches(pattern: $0, text: arn) }
        }
        if covering.contains(where: { !$0.allow }) { return .explicitlyDenied }
        return covering.contains(where: \.allow) ? .allowed : .notAllowed
    }

    /// `execute-api:Invoke` as IAM matches actions: case-insensitively, with `*` and `?`.
    private static func isInvokeAction(_ pattern: String) -> Bool {
        Wildcard.matches(pattern: pattern.lowercased(), text: "execute-api:invoke")
    }
}

/// IAM's wildcards: `*` any run of characters (including `/` and `:`), `?` one character.
enum Wildcard {
    static func matches(pattern: String, text: String) -> Bool {
        let p = Array(pattern.unicodeScalars)
        let t = Array(text.unicodeScalars)
        // Iterative glob matching with one backtrack point: linear in practice, never exponential.
        var pi = 0
        var ti = 0
        var star: Int? = nil
        var mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
                pi += 1
                ti += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if let s = star {
                pi = s + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
