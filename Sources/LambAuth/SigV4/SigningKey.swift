import Crypto
import Foundation

/// The parts of Signature Version 4 that signer and verifier share: the credential scope, the string to sign and
/// the signature itself.
public enum SigV4 {
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// `YYYYMMDD/region/service/aws4_request`.
    public static func scope(date: String, region: String, service: String) -> String {
        "\(date)/\(region)/\(service)/aws4_request"
    }

    public static func stringToSign(amzDate: String, scope: String, canonicalRequest: String) -> String {
        [algorithm, amzDate, scope, CanonicalRequest.hexSHA256(Array(canonicalRequest.utf8))].joined(separator: "\n")
    }

    /// The hex signature of `stringToSign` with the key derived from `secret` for the scope's date, region and
    /// service.
    public static func signature(
        secret: String, date: String, region: String, service: String, stringToSign: String
    ) -> String {
        var key = SymmetricKey(data: Array("AWS4\(secret)".utf8))
        for part in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        let mac = HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key)
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// `20261205T041500Z` for `date` (UTC).
    public static func amzDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// The date of an `X-Amz-Date` value, or `nil` when it is not one.
    public static func parseAmzDate(_ text: String) -> Date? {
        guard text.utf8.count == 16 else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.date(from: text)
    }
}
