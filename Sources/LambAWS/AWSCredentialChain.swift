import Foundation
import LambAuth

/// The keys outgoing calls are signed with, found as the AWS SDKs look: the environment, then the shared
/// credentials file's profile (`AWS_PROFILE`, else `default`).
public struct AWSCredentials: Sendable, Equatable {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// Where they came from, for the start-up line.
    public var source: String

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, source: String) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.source = source
    }

    /// `nil` when neither the environment nor the file has keys: requests then go unsigned (moto, ElasticMQ and
    /// LocalStack accept them; AWS refuses them and the mapping reports it).
    public static func resolve(environment: [String: String]) -> AWSCredentials? {
        if let id = environment["AWS_ACCESS_KEY_ID"], !id.isEmpty, let secret = environment["AWS_SECRET_ACCESS_KEY"],
            !secret.isEmpty
        {
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token, source: "environment")
        }
        let profile = environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let path = SharedCredentialsFile.defaultPath(environment: environment)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let found = SharedCredentialsFile.parse(text).first(where: { $0.name == profile })
        else { return nil }
        return AWSCredentials(
            accessKeyId: found.accessKeyId, secretAccessKey: found.secretAccessKey, sessionToken: found.sessionToken,
            source: "profile \(profile) of \(path)")
    }
}
