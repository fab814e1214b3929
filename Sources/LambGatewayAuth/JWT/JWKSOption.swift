import Foundation

/// One `--jwks ISSUER=FILE|URL` flag: the issuer whose tokens a JWT authorizer checks, and where its key set is.
///
/// The value is split at its first `=`. OpenID Connect requires an issuer to be an `https` URL without a query or
/// fragment, so an issuer never needs `=`; the location may well have one (`https://idp/keys?format=jwks`), so
/// splitting at the last `=` would be wrong. A location starting `http://` or `https://` is fetched; `file://` and
/// anything else is a file path, relative ones resolved against `baseDirectory`.
public struct JWKSOption: Sendable, Equatable {
    public var issuer: String
    public var location: JWKSSource.Location

    public init(issuer: String, location: JWKSSource.Location) {
        self.issuer = issuer
        self.location = location
    }

    /// Parses the flag's value, or says what is wrong with it (for the command's `ValidationError`).
    public static func parse(_ value: String, baseDirectory: String? = nil) -> Result<JWKSOption, JWKSOptionError> {
        guard let equals = value.firstIndex(of: "=") else {
            return .failure(JWKSOptionError(value: value, reason: "expected ISSUER=FILE or ISSUER=URL"))
        }
        let issuer = value[..<equals].trimmingWhitespace
        let target = value[value.index(after: equals)...].trimmingWhitespace
        guard !issuer.isEmpty else { return .failure(JWKSOptionError(value: value, reason: "the issuer is empty")) }
        guard !target.isEmpty else {
            return .failure(JWKSOptionError(value: value, reason: "the key set's file or URL is empty"))
        }
        let lower = target.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            guard let url = URL(string: target), url.host != nil else {
                return .failure(JWKSOptionError(value: value, reason: "\(target) is not a URL"))
            }
            return .success(JWKSOption(issuer: issuer, location: .url(url)))
        }
        var path = lower.hasPrefix("file://") ? String(target.dropFirst("file://".count)) : target
        if !path.hasPrefix("/"), let baseDirectory {
            path = URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).path
        }
        return .success(JWKSOption(issuer: issuer, location: .file(path)))
    }
}

/// A `--jwks` value that cannot be used.
public struct JWKSOptionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var value: String
    public var reason: String

    public var description: String { "--jwks \(value): \(reason)" }
}
