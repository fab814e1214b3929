import Crypto
import Foundation

/// Issues each function the credentials of its execution role, as Lambda puts them in `AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`: temporary-looking (`ASIA...` with a session token), distinct per
/// function, derived from a secret made when Lamb starts (so they are valid for that run only, as environments are).
public struct FunctionCredentials: Sendable {
    private let seed: SymmetricKey
    private let store: AccessKeyStore

    public init(store: AccessKeyStore) {
        self.seed = SymmetricKey(size: .bits256)
        self.store = store
    }

    /// The function's credentials, registered with the store so that the Lambda API accepts them.
    public func issue(function: String) -> AccessKey {
        let id = "ASIA" + Self.base32(derive("id", function)).prefix(16)
        let key = AccessKey(
            id: id, secret: derive("secret", function).base64EncodedString().prefix(40).description,
            sessionToken: "IQoJb3JpZ2luX2Vj" + derive("token", function).base64EncodedString()
                + derive("token2", function).base64EncodedString(),
            owner: .function(function))
        if store.key(id: id) == nil { store.add(key) }
        return key
    }

    /// The variables a runtime sees.
    public func variables(function: String) -> [String: String] {
        let key = issue(function: function)
        return [
            "AWS_ACCESS_KEY_ID": key.id, "AWS_SECRET_ACCESS_KEY": key.secret,
            "AWS_SESSION_TOKEN": key.sessionToken ?? "",
        ]
    }

    private func derive(_ purpose: String, _ function: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Array("\(purpose):\(function)".utf8), using: seed))
    }

    private static func base32(_ data: Data) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var out = ""
        var buffer: UInt32 = 0
        var bits = 0
        for byte in data {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        return out
    }
}
