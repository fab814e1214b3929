import Crypto
import Foundation

/// The canonical form of an HTTP request that Signature Version 4 signs, built the same way for signing (the `lamb`
/// CLI) and for verifying (the server), so the two can never disagree.
///
/// Lambda is not S3: the path is normalised and percent-encoded once more than it was sent, query parameters are
/// decoded and re-encoded strictly, and the payload hash is always computed from the body.
public struct CanonicalRequest: Sendable {
    public var method: String
    /// The path as it was sent (still percent-encoded), without the query.
    public var rawPath: String
    /// The query as it was sent, without `?`.
    public var rawQuery: String
    /// Header names lowercased; repeated headers appear once each.
    public var headers: [(name: String, value: String)]
    public var signedHeaders: [String]
    public var payloadHash: String

    public init(
        method: String, rawPath: String, rawQuery: String, headers: [(name: String, value: String)],
        signedHeaders: [String], payloadHash: String
    ) {
        self.method = method
        self.rawPath = rawPath
        self.rawQuery = rawQuery
        self.headers = headers.map { ($0.name.lowercased(), $0.value) }
        self.signedHeaders = signedHeaders
        self.payloadHash = payloadHash
    }

    /// The text that is hashed into the string to sign.
    public var text: String {
        [
            method, Self.canonicalPath(rawPath), Self.canonicalQuery(rawQuery), canonicalHeaders,
            signedHeaders.joined(separator: ";"), payloadHash,
        ].joined(separator: "\n")
    }

    /// Each signed header as `name:value\n`: values trimmed, runs of spaces collapsed, repeats joined by commas.
    var canonicalHeaders: String {
        var text = ""
        for name in signedHeaders {
            let values = headers.filter { $0.name == name }.map { Self.collapseSpaces($0.value) }
            text += "\(name):\(values.joined(separator: ","))\n"
        }
        return text
    }

    /// Dot segments removed, then every byte but the unreserved ones and `/` percent-encoded (so `%3A` as sent
    /// becomes `%253A`).
    static func canonicalPath(_ raw: String) -> String {
        let path = raw.isEmpty ? "/" : raw
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        var normalised = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/") && !normalised.hasSuffix("/") { normalised += "/" }
        return percentEncode(normalised, keepSlash: true)
    }

    /// Each `name=value` decoded, then re-encoded strictly; sorted by name, then value.
    static func canonicalQuery(_ raw: String) -> String {
        guard !raw.isEmpty else { return "" }
        var pairs: [(String, String)] = []
        for item in raw.split(separator: "&") where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            pairs.append((percentEncode(name, keepSlash: false), percentEncode(value, keepSlash: false)))
        }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// RFC 3986's unreserved characters stay; every other byte becomes `%XX` (upper-case hex).
    public static func percentEncode(_ text: String, keepSlash: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                out += "/"
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static func collapseSpaces(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func hexSHA256<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
