import Foundation

/// The AWS shared credentials file (`~/.aws/credentials`): `[profile]` sections with `aws_access_key_id`,
/// `aws_secret_access_key` and optionally `aws_session_token`.
public enum SharedCredentialsFile {
    public struct Profile: Sendable, Equatable {
        public var name: String
        public var accessKeyId: String
        public var secretAccessKey: String
        public var sessionToken: String?
    }

    /// Every profile with both keys, in file order.
    public static func parse(_ text: String) -> [Profile] {
        var profiles: [Profile] = []
        var name: String?
        var values: [String: String] = [:]
        func flush() {
            if let name, let id = values["aws_access_key_id"], let secret = values["aws_secret_access_key"] {
                profiles.append(
                    Profile(
                        name: name, accessKeyId: id, secretAccessKey: secret, sessionToken: values["aws_session_token"]))
            }
            values = [:]
        }
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                flush()
                name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            let pair = line.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            values[pair[0].trimmingCharacters(in: .whitespaces).lowercased()] =
                pair[1].trimmingCharacters(in: .whitespaces)
        }
        flush()
        return profiles
    }

    /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let path = environment["AWS_SHARED_CREDENTIALS_FILE"], !path.isEmpty { return path }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return "\(home)/.aws/credentials"
    }
}
