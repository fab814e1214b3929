import Foundation

/// A code signing configuration, as CreateCodeSigningConfig makes it: the signing profiles a function's code may be
/// signed by, and what Lambda does with code that is not. Lamb stores and returns it; it verifies no signature.
public struct CodeSigningConfig: Codable, Sendable, Equatable {
    /// `csc-` and 17 lowercase hexadecimal digits.
    public var id: String
    public var description: String
    /// `AllowedPublishers.SigningProfileVersionArns`, 1 to 20.
    public var signingProfileVersionArns: [String]
    /// `CodeSigningPolicies.UntrustedArtifactOnDeployment`.
    public var untrustedArtifactOnDeployment: UntrustedArtifactPolicy
    public var lastModified: Date
    /// The `Tags` of the create request, kept with the configuration.
    public var tags: [String: String]

    public init(
        id: String, description: String = "", signingProfileVersionArns: [String],
        untrustedArtifactOnDeployment: UntrustedArtifactPolicy = .warn, lastModified: Date = Date(),
        tags: [String: String] = [:]
    ) {
        self.id = id
        self.description = description
        self.signingProfileVersionArns = signingProfileVersionArns
        self.untrustedArtifactOnDeployment = untrustedArtifactOnDeployment
        self.lastModified = lastModified
        self.tags = tags
    }
}

/// What Lambda does with a deployment whose signature does not check out.
public enum UntrustedArtifactPolicy: String, Codable, Sendable, CaseIterable {
    case warn = "Warn"
    case enforce = "Enforce"
}

/// The members of CreateCodeSigningConfig and UpdateCodeSigningConfig; `nil` is "not given".
public struct CodeSigningConfigChange: Sendable, Equatable {
    /// `AllowedPublishers`; its list is `nil` when the request gave the structure without it.
    public struct AllowedPublishers: Sendable, Equatable {
        public var signingProfileVersionArns: [String]?

        public init(signingProfileVersionArns: [String]?) { self.signingProfileVersionArns = signingProfileVersionArns }
    }

    public var description: String?
    public var allowedPublishers: AllowedPublishers?
    public var untrustedArtifactOnDeployment: String?
    public var tags: [String: String]?

    public init(
        description: String? = nil, signingProfileVersionArns: [String]? = nil,
        untrustedArtifactOnDeployment: String? = nil, tags: [String: String]? = nil
    ) {
        self.description = description
        self.allowedPublishers = signingProfileVersionArns.map(AllowedPublishers.init)
        self.untrustedArtifactOnDeployment = untrustedArtifactOnDeployment
        self.tags = tags
    }
}

extension AccountContext {
    /// `arn:aws:lambda:<region>:<account>:code-signing-config:<id>`
    public func codeSigningConfigArn(_ id: String) -> String {
        "arn:aws:lambda:\(region):\(accountId):code-signing-config:\(id)"
    }
}
