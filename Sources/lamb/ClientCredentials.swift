import Foundation
import LambAuth

/// The credentials and region the `lamb` client commands sign with, found where the AWS SDKs look: the
/// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN` variables, else the shared credentials
/// file's `AWS_PROFILE` (or `default`) profile; the region from `AWS_REGION`, `AWS_DEFAULT_REGION`, else us-east-1.
enum ClientCredentials {
    static func signer(environment: [String: String]) -> RequestSigner? {
        let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1"
        if let id = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"],
            !id.isEmpty
        {
            return RequestSigner(
                accessKeyId: id, secret: secret, sessionToken: environment["AWS_SESSION_TOKEN"], region: region)
        }
        let path = SharedCredentialsFile.defaultPath(environment: environment)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let name = environment["AWS_PROFILE"] ?? "default"
        guard let profile = SharedCredentialsFile.parse(text).first(where: { $0.name == name }) else { return nil }
        return RequestSigner(
            accessKeyId: profile.accessKeyId, secret: profile.secretAccessKey, sessionToken: profile.sessionToken,
            region: region)
    }
}
