import Foundation
import LambCore

/// `CodeSigningConfig` as Lambda's API returns it.
struct CodeSigningConfigJSON: Encodable {
    struct Publishers: Codable { var SigningProfileVersionArns: [String]? }
    struct Policies: Codable { var UntrustedArtifactOnDeployment: String? }

    var CodeSigningConfigId: String
    var CodeSigningConfigArn: String
    var Description: String
    var AllowedPublishers: Publishers
    var CodeSigningPolicies: Policies
    var LastModified: String

    init(_ config: CodeSigningConfig, account: AccountContext) {
        CodeSigningConfigId = config.id
        CodeSigningConfigArn = account.codeSigningConfigArn(config.id)
        Description = config.description
        AllowedPublishers = Publishers(SigningProfileVersionArns: config.signingProfileVersionArns)
        CodeSigningPolicies = Policies(UntrustedArtifactOnDeployment: config.untrustedArtifactOnDeployment.rawValue)
        LastModified = LambdaTimestamp.lastModified(config.lastModified)
    }
}

/// The body of CreateCodeSigningConfig and UpdateCodeSigningConfig.
struct CodeSigningConfigRequestJSON: Decodable {
    var Description: String?
    var AllowedPublishers: CodeSigningConfigJSON.Publishers?
    var CodeSigningPolicies: CodeSigningConfigJSON.Policies?
    var Tags: [String: String]?

    var change: CodeSigningConfigChange {
        var change = CodeSigningConfigChange(
            description: Description, untrustedArtifactOnDeployment: CodeSigningPolicies?.UntrustedArtifactOnDeployment,
            tags: Tags)
        change.allowedPublishers = AllowedPublishers.map {
            CodeSigningConfigChange.AllowedPublishers(signingProfileVersionArns: $0.SigningProfileVersionArns)
        }
        return change
    }
}
