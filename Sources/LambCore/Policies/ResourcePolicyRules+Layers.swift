import Foundation

/// What an AddLayerVersionPermission request says.
public struct LayerPermissionRequest: Sendable, Equatable {
    public var statementId: String
    public var action: String
    public var principal: String
    public var organizationId: String?

    public init(statementId: String, action: String, principal: String, organizationId: String? = nil) {
        self.statementId = statementId
        self.action = action
        self.principal = principal
        self.organizationId = organizationId
    }
}

/// A layer version's policy grants one thing, `lambda:GetLayerVersion`, to one account, to everyone, or to everyone in
/// an organization. Statements are added and removed as a function's are (`adding` and `removing` with
/// `owner: .layerVersion`).
extension ResourcePolicyRules {
    /// The statement AddLayerVersionPermission adds to the policy of the layer version `resource`.
    public static func layerStatement(_ request: LayerPermissionRequest, resource: String) throws(LambError)
        -> PolicyStatement
    {
        // `[a-zA-Z0-9_-]`: in ICU's syntax the model's `0-9-_` would be a range from `9` to `_`.
        try requireMatch(request.statementId, "statementId", "[a-zA-Z0-9_-]+", shown: "([a-zA-Z0-9-_]+)", max: 100)
        try requireMatch(request.action, "action", "lambda:GetLayerVersion", shown: "lambda:GetLayerVersion", max: 22)
        try requireMatch(
            request.principal, "principal", #"\d{12}|\*|arn:(aws[a-zA-Z-]*):iam::\d{12}:root"#,
            shown: #"\d{12}|\*|arn:(aws[a-zA-Z-]*):iam::\d{12}:root"#, max: nil)
        var conditions: [String: [String: String]] = [:]
        if let organization = request.organizationId {
            try requireMatch(organization, "organizationId", "o-[a-z0-9]{10,32}", shown: "o-[a-z0-9]{10,32}", max: 34)
            guard request.principal == "*" else {
                throw LambError.invalidParameter(
                    "OrganizationId is valid only with the principal '*' (every account of the organization).")
            }
            conditions["StringEquals"] = ["aws:PrincipalOrgID": organization]
        }
        let principal = request.principal
        let (key, value): (String?, String) =
            switch principal {
            case "*": (nil, "*")
            case _ where principal.hasPrefix("arn:"): ("AWS", principal)
            default: ("AWS", "arn:aws:iam::\(principal):root")
            }
        return PolicyStatement(
            sid: request.statementId, principalKey: key, principalValue: value, action: request.action,
            resource: resource, conditions: conditions)
    }

    /// Refuses `value` unless the whole of it matches `pattern`, with the model's message (`shown` is the pattern as
    /// the model writes it).
    private static func requireMatch(_ value: String, _ field: String, _ pattern: String, shown: String, max: Int?)
        throws(LambError)
    {
        if let max, value.count > max {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(value)' at '\(field)' failed to satisfy constraint: Member "
                    + "must have length less than or equal to \(max)")
        }
        if value.range(of: "^(\(pattern))$", options: .regularExpression) == nil {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(value)' at '\(field)' failed to satisfy constraint: Member "
                    + "must satisfy regular expression pattern: \(shown)")
        }
    }
}
