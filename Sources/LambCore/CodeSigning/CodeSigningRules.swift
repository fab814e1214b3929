import Foundation

/// Lambda's checks on code signing configurations and the ARNs that name them, with the model's wording
/// (botocore's `AllowedPublishers`, `CodeSigningPolicies`, `Description` and `CodeSigningConfigArn` shapes). Pure.
public enum CodeSigningRules {
    public static let maxSigningProfiles = 20
    static let arnPattern =
        #"arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\d{1}:\d{12}:code-signing-config:csc-[a-z0-9]{17}"#
    static let signingProfilePattern =
        #"arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)"#

    /// A new configuration id: `csc-` and 17 random lowercase hexadecimal digits.
    public static func newId() -> String { "csc-" + Identifiers.hex(bytes: 9).prefix(17) }

    /// CreateCodeSigningConfig: `AllowedPublishers` is required, the policy defaults to `Warn`.
    public static func creating(_ change: CodeSigningConfigChange, id: String, now: Date = Date()) throws(LambError)
        -> CodeSigningConfig
    {
        var problems = modelProblems(change)
        if change.allowedPublishers == nil { problems.null("allowedPublishers") }
        try problems.check()
        return CodeSigningConfig(
            id: id, description: change.description ?? "",
            signingProfileVersionArns: change.allowedPublishers?.signingProfileVersionArns ?? [],
            untrustedArtifactOnDeployment: change.untrustedArtifactOnDeployment.flatMap(UntrustedArtifactPolicy.init)
                ?? .warn,
            lastModified: now, tags: change.tags ?? [:])
    }

    /// UpdateCodeSigningConfig: what the request names replaces what is stored; `LastModified` moves.
    public static func updating(_ config: CodeSigningConfig, with change: CodeSigningConfigChange, now: Date = Date())
        throws(LambError) -> CodeSigningConfig
    {
        try modelProblems(change).check()
        var updated = config
        if let description = change.description { updated.description = description }
        if let arns = change.allowedPublishers?.signingProfileVersionArns { updated.signingProfileVersionArns = arns }
        if let raw = change.untrustedArtifactOnDeployment, let policy = UntrustedArtifactPolicy(rawValue: raw) {
            updated.untrustedArtifactOnDeployment = policy
        }
        updated.lastModified = now
        return updated
    }

    static func modelProblems(_ change: CodeSigningConfigChange) -> ModelProblems {
        var problems = ModelProblems()
        let member = "allowedPublishers.signingProfileVersionArns"
        switch change.allowedPublishers?.signingProfileVersionArns {
        case nil where change.allowedPublishers != nil:
            problems.null(member)
        case let arns?:
            let shown = "[" + arns.joined(separator: ", ") + "]"
            if arns.isEmpty {
                problems.add(
                    "Value '\(shown)' at '\(member)' failed to satisfy constraint: Member must have length greater "
                        + "than or equal to 1")
            } else if arns.count > maxSigningProfiles {
                problems.add(
                    "Value '\(shown)' at '\(member)' failed to satisfy constraint: Member must have length less than "
                        + "or equal to \(maxSigningProfiles)")
            }
            if arns.contains(where: { !ModelProblems.matches($0, signingProfilePattern) }) {
                problems.add(
                    "Value '\(shown)' at '\(member)' failed to satisfy constraint: Member must satisfy constraint: "
                        + "[Member must satisfy regular expression pattern: \(signingProfilePattern)]")
            }
        case nil:
            break
        }
        if let raw = change.untrustedArtifactOnDeployment, UntrustedArtifactPolicy(rawValue: raw) == nil {
            problems.notInEnum(
                raw, "codeSigningPolicies.untrustedArtifactOnDeployment",
                UntrustedArtifactPolicy.allCases.map(\.rawValue))
        }
        if let description = change.description, description.count > 256 {
            problems.tooLong(description, "description", max: 256)
        }
        return problems
    }

    /// The configuration id a `CodeSigningConfigArn` names, or `nil` when it is another account's or region's (it does
    /// not exist here). A value that is no such ARN at all is the model's validation error.
    public static func id(fromArn raw: String, account: AccountContext) throws(LambError) -> String? {
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let ours = parts.count == 7 && raw == account.codeSigningConfigArn(parts[6]) && isId(parts[6])
        guard ours || (raw.count <= 200 && ModelProblems.matches(raw, arnPattern)) else {
            var problems = ModelProblems()
            problems.pattern(raw, "codeSigningConfigArn", arnPattern)
            try problems.check()
            return nil
        }
        return parts[3] == account.region && parts[4] == account.accountId ? parts[6] : nil
    }

    /// `csc-[a-z0-9]{17}`.
    static func isId(_ id: String) -> Bool { ModelProblems.matches(id, "csc-[a-z0-9]{17}") }

    /// A configuration operation's answer when the ARN names nothing.
    public static func notFound(_ arn: String) -> LambError {
        LambError.notFound("The Lambda code signing configuration \(arn) can not be found.")
    }

    /// A function operation's (CreateFunction, PutFunctionCodeSigningConfig) answer when the ARN names nothing.
    public static func notFoundForFunction(_ arn: String) -> LambError {
        LambError(
            .codeSigningConfigNotFound,
            "The code signing configuration cannot be found. Check that the provided configuration is not deleted: "
                + "\(arn).")
    }

    /// DeleteCodeSigningConfig while functions use the configuration. The wording is Lamb's: Lambda's is not on
    /// record.
    public static func inUse(_ arn: String, functions: [String]) -> LambError {
        LambError.conflict(
            "The code signing configuration \(arn) cannot be deleted: it is used by \(functions.count) function(s) "
                + "(\(functions.joined(separator: ", "))). Remove it from them first (DeleteFunctionCodeSigningConfig)."
        )
    }
}
