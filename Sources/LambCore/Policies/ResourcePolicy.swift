import Foundation

/// A function's (or a version's, or an alias's) resource-based policy, as AddPermission builds it and GetPolicy
/// returns it: `{"Version":"2012-10-17","Id":"default","Statement":[...]}`. Stored and returned faithfully; Lamb does
/// not enforce it (it has no notion of the calling AWS principal).
public struct ResourcePolicy: Sendable, Equatable, Codable {
    public var statements: [PolicyStatement]
    /// Changes with every AddPermission and RemovePermission; a request that names another one is refused.
    public var revisionId: String

    public init(statements: [PolicyStatement] = [], revisionId: String = UUID().uuidString.lowercased()) {
        self.statements = statements
        self.revisionId = revisionId
    }

    /// The policy document as JSON text, keys in IAM's order.
    public var document: String {
        "{\"Version\":\"2012-10-17\",\"Id\":\"default\",\"Statement\":["
            + statements.map(\.json).joined(separator: ",") + "]}"
    }
}

/// One statement of a resource policy.
public struct PolicyStatement: Sendable, Equatable, Codable {
    public var sid: String
    /// `{"Service": "s3.amazonaws.com"}`, `{"AWS": "arn:aws:iam::123456789012:root"}`, or `*` (`principalKey` nil).
    public var principalKey: String?
    public var principalValue: String
    public var action: String
    public var resource: String
    /// Operator → (key → value), e.g. `ArnLike` → `AWS:SourceArn` → the ARN.
    public var conditions: [String: [String: String]]

    public init(
        sid: String, principalKey: String?, principalValue: String, action: String, resource: String,
        conditions: [String: [String: String]] = [:]
    ) {
        self.sid = sid
        self.principalKey = principalKey
        self.principalValue = principalValue
        self.action = action
        self.resource = resource
        self.conditions = conditions
    }

    /// The statement as JSON text (what AddPermission answers in `Statement`).
    public var json: String {
        var text = "{\"Sid\":\(JSONString.quoted(sid)),\"Effect\":\"Allow\",\"Principal\":"
        if let principalKey {
            text += "{\(JSONString.quoted(principalKey)):\(JSONString.quoted(principalValue))}"
        } else {
            text += JSONString.quoted(principalValue)
        }
        text += ",\"Action\":\(JSONString.quoted(action)),\"Resource\":\(JSONString.quoted(resource))"
        if !conditions.isEmpty {
            let operators = conditions.keys.sorted().map { op in
                let pairs = conditions[op]!.sorted { $0.key < $1.key }
                    .map { "\(JSONString.quoted($0.key)):\(JSONString.quoted($0.value))" }
                return "\(JSONString.quoted(op)):{\(pairs.joined(separator: ","))}"
            }
            text += ",\"Condition\":{\(operators.joined(separator: ","))}"
        }
        return text + "}"
    }
}

/// What an AddPermission request says.
public struct PermissionRequest: Sendable, Equatable {
    public var statementId: String
    public var action: String
    public var principal: String
    public var sourceArn: String?
    public var sourceAccount: String?
    public var eventSourceToken: String?
    public var principalOrgID: String?
    public var functionUrlAuthType: String?
    public var revisionId: String?

    public init(
        statementId: String, action: String, principal: String, sourceArn: String? = nil, sourceAccount: String? = nil,
        eventSourceToken: String? = nil, principalOrgID: String? = nil, functionUrlAuthType: String? = nil,
        revisionId: String? = nil
    ) {
        self.statementId = statementId
        self.action = action
        self.principal = principal
        self.sourceArn = sourceArn
        self.sourceAccount = sourceAccount
        self.eventSourceToken = eventSourceToken
        self.principalOrgID = principalOrgID
        self.functionUrlAuthType = functionUrlAuthType
        self.revisionId = revisionId
    }
}

/// Lambda's rules for AddPermission and RemovePermission, with its wording. Pure.
public enum ResourcePolicyRules {
    /// The statement a request adds to the policy of `resource` (the function's ARN, with the qualifier if any).
    public static func statement(_ request: PermissionRequest, resource: String) throws(LambError) -> PolicyStatement {
        try check(request.statementId, "statementId", pattern: "^([a-zA-Z0-9-_.]+)$", maxLength: 100)
        try check(request.action, "action", pattern: "^(lambda:[*]|lambda:[a-zA-Z]+|[*])$", maxLength: nil)
        if let type = request.functionUrlAuthType, !["NONE", "AWS_IAM"].contains(type) {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(type)' at 'functionUrlAuthType' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [AWS_IAM, NONE]")
        }
        let principal = request.principal
        let key: String?
        let value: String
        if principal == "*" {
            (key, value) = (nil, "*")
        } else if principal.count == 12, principal.allSatisfy(\.isNumber) {
            (key, value) = ("AWS", "arn:aws:iam::\(principal):root")
        } else if principal.hasPrefix("arn:") {
            (key, value) = ("AWS", principal)
        } else if principal.contains(".") {
            (key, value) = ("Service", principal)
        } else {
            throw LambError.invalidParameter(
                "The provided principal was invalid. Please check the principal and try again.")
        }
        var conditions: [String: [String: String]] = [:]
        if let arn = request.sourceArn { conditions["ArnLike", default: [:]]["AWS:SourceArn"] = arn }
        if let account = request.sourceAccount { conditions["StringEquals", default: [:]]["AWS:SourceAccount"] = account }
        if let org = request.principalOrgID { conditions["StringEquals", default: [:]]["aws:PrincipalOrgID"] = org }
        if let token = request.eventSourceToken {
            conditions["StringEquals", default: [:]]["lambda:EventSourceToken"] = token
        }
        if let type = request.functionUrlAuthType {
            conditions["StringEquals", default: [:]]["lambda:FunctionUrlAuthType"] = type
        }
        return PolicyStatement(
            sid: request.statementId, principalKey: key, principalValue: value, action: request.action,
            resource: resource, conditions: conditions)
    }

    /// `policy` with the statement added; refused when its id is taken or the revision is not the policy's.
    /// `owner` picks the wording of the revision error (a function's or a layer version's policy).
    public static func adding(
        _ statement: PolicyStatement, to policy: ResourcePolicy, revisionId: String?, owner: PolicyOwner = .function
    ) throws(LambError) -> ResourcePolicy {
        try checkRevision(revisionId, policy, owner)
        if policy.statements.contains(where: { $0.sid == statement.sid }) {
            // Lambda's recorded wording, for functions and layer versions alike.
            throw LambError.conflict(
                "The statement id (\(statement.sid)) provided already exists. Please provide a new statement id, or "
                    + "remove the existing statement.")
        }
        return ResourcePolicy(statements: policy.statements + [statement])
    }

    /// `policy` without the statement `sid`.
    public static func removing(
        _ sid: String, from policy: ResourcePolicy, revisionId: String?, owner: PolicyOwner = .function
    ) throws(LambError) -> ResourcePolicy {
        try checkRevision(revisionId, policy, owner)
        guard policy.statements.contains(where: { $0.sid == sid }) else {
            throw LambError.notFound("Statement \(sid) is not found in resource policy.")
        }
        return ResourcePolicy(statements: policy.statements.filter { $0.sid != sid })
    }

    static func checkRevision(_ revisionId: String?, _ policy: ResourcePolicy, _ owner: PolicyOwner)
        throws(LambError)
    {
        if let revisionId, revisionId != policy.revisionId {
            throw LambError(
                .preconditionFailed,
                "The Revision Id provided does not match the latest Revision Id. Call the \(owner.readOperation) API "
                    + "to retrieve the latest Revision Id")
        }
    }

    static func check(_ value: String, _ field: String, pattern: String, maxLength: Int?) throws(LambError) {
        let tooLong = maxLength.map { value.count > $0 } ?? false
        if value.isEmpty || tooLong || value.range(of: pattern, options: .regularExpression) == nil {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(value)' at '\(field)' failed to satisfy constraint: Member "
                    + "must satisfy regular expression pattern: \(pattern)")
        }
    }
}

/// What a resource policy belongs to: the wording of some errors names the operation that reads it.
public enum PolicyOwner: Sendable {
    case function
    case layerVersion

    /// The operation a refused `RevisionId` error tells the caller to use (Lambda's words, not its operation names:
    /// a layer version's policy is read with GetLayerVersionPolicy, but the message says GetLayerPolicy).
    var readOperation: String {
        switch self {
        case .function: "GetPolicy"
        case .layerVersion: "GetLayerPolicy"
        }
    }
}
