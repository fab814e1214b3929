import Crypto
import Foundation

/// Incremental SHA-256 (swift-crypto's, which is fast; LambCore's is for small inputs) with a hex result.
struct SHA256Hasher {
    private var hash = Crypto.SHA256()

    mutating func update(_ bytes: [UInt8]) { hash.update(data: bytes) }

    mutating func finalize() -> String {
        hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    static func digest(_ bytes: some DataProtocol) -> String {
        "sha256:" + Crypto.SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
