import Foundation

/// How a request body travels in an event: as text, or base64 with `isBase64Encoded: true`. Each kind of API has
/// its own rule:
///
/// - **REST APIs** base64-encode a body only when its `Content-Type` matches one of the API's `BinaryMediaTypes`
///   (`image/png`, `image/*`, `*/*`; SAM's `~1` spelling of `/` is accepted); everything else is passed as text.
/// - **HTTP APIs and function URLs** pass a body as text only when its media type is textual — `text/*`,
///   `application/json`, `application/xml`, `application/javascript` — and base64-encode everything else, including
///   a body without a `Content-Type` and `application/x-www-form-urlencoded`. AWS documents only "binary bodies are
///   base64-encoded"; this split is the one measured against AWS (ministack's pull request 766).
///
/// Text that is not valid UTF-8 is passed with U+FFFD in place of the bad bytes, as a JSON event cannot carry
/// raw bytes.
public enum BodyEncoding {
    /// The media types HTTP APIs and function URLs pass as text.
    public static let textMediaTypes: Set<String> = ["application/json", "application/xml", "application/javascript"]

    /// `(body, isBase64Encoded)` for an event; nil body when the request has none.
    public static func encode(
        _ body: [UInt8], contentType: String?, kind: GatewayAPIKind, binaryMediaTypes: [String] = []
    ) -> (body: String?, isBase64Encoded: Bool) {
        guard !body.isEmpty else { return (nil, false) }
        let binary: Bool
        switch kind {
        case .rest: binary = matchesBinaryMediaType(contentType, binaryMediaTypes)
        case .http, .functionURL: binary = !isText(contentType)
        }
        if binary { return (Data(body).base64EncodedString(), true) }
        return (String(decoding: body, as: UTF8.self), false)
    }

    /// `type/subtype`, lower-cased, without parameters (`; charset=utf-8`).
    static func mediaType(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        let bare = ASCIIText.firstPiece(of: contentType, separatedBy: UInt8(ascii: ";")) ?? ""
        let trimmed = ASCIIText.lowercased(ASCIIText.trimmingWhitespace(bare))
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Whether HTTP APIs and function URLs pass this content type as text.
    public static func isText(_ contentType: String?) -> Bool {
        guard let type = mediaType(contentType) else { return false }
        return type.hasPrefix("text/") || textMediaTypes.contains(type)
    }

    /// Whether a REST API's `BinaryMediaTypes` covers this content type (`*` wildcards for type or subtype).
    public static func matchesBinaryMediaType(_ contentType: String?, _ binaryMediaTypes: [String]) -> Bool {
        guard !binaryMediaTypes.isEmpty, let type = mediaType(contentType) else { return false }
        let parts = type.split(separator: "/", maxSplits: 1).map(String.init)
        for pattern in binaryMediaTypes {
            let normalized = pattern.replacingOccurrences(of: "~1", with: "/").lowercased()
            if normalized == "*/*" || normalized == type { return true }
            let patternParts = normalized.split(separator: "/", maxSplits: 1).map(String.init)
            guard patternParts.count == 2, parts.count == 2 else { continue }
            if (patternParts[0] == "*" || patternParts[0] == parts[0])
                && (patternParts[1] == "*" || patternParts[1] == parts[1])
            {
                return true
            }
        }
        return false
    }
}
