import Foundation
import LambGateway

/// A verified token's payload, read as ordered JSON so that claims reach the function in the token's order and
/// numbers as written.
struct JWTClaims: Sendable {
    let json: GatewayJSON

    /// Decodes the payload segment of a compact JWS (`header.payload.signature`); nil unless it is a JSON object.
    /// Only called after jwt-kit has verified the signature over exactly these bytes.
    init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = Self.base64URLDecode(parts[1]), let json = GatewayJSON.parse(bytes),
            case .object = json
        else { return nil }
        self.json = json
    }

    subscript(name: String) -> GatewayJSON? { json[name] }

    /// A NumericDate claim (`exp`, `nbf`, `iat`) in seconds; nil when absent or not a number.
    func seconds(_ name: String) -> Double? {
        guard case .number(let text)? = json[name] else { return nil }
        return Double(text)
    }

    /// `aud` as a list (a single audience may be a string); nil when absent.
    var audiences: [String]? { Self.strings(json["aud"]) }

    /// The token's scopes: `scope` (OAuth's space-separated string) or, failing that, `scp` (a list or a string).
    var scopes: [String]? {
        if case .string(let text)? = json["scope"] {
            return text.split(separator: " ").map(String.init)
        }
        if case .string(let text)? = json["scp"] { return text.split(separator: " ").map(String.init) }
        return Self.strings(json["scp"])
    }

    /// The claims as API Gateway hands them on: every value a string; lists in Go's `[a b]` form, as HTTP APIs
    /// print them (`"cognito:groups": "[admin users]"`), objects as compact JSON.
    var stringified: GatewayJSON {
        guard case .object(let members) = json else { return .object([]) }
        return .object(members.map { ($0.0, .string(Self.stringify($0.1))) })
    }

    private static func stringify(_ value: GatewayJSON) -> String {
        switch value {
        case .string(let text): text
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null: ""
        case .array(let items): "[" + items.map(stringify).joined(separator: " ") + "]"
        case .object: value.serialized
        }
    }

    private static func strings(_ value: GatewayJSON?) -> [String]? {
        switch value {
        case .string(let text)?: return [text]
        case .array(let items)?:
            return items.compactMap {
                if case .string(let text) = $0 { return text }
                return nil
            }
        default: return nil
        }
    }

    private static func base64URLDecode(_ text: Substring) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }
}
