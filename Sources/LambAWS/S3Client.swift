import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// S3's `PutObject`, path-style (`ENDPOINT/bucket/key`), as local S3 endpoints serve it.
public struct S3Client: Sendable {
    let sender: AWSRequestSender

    public init(endpoint: URL, region: String, credentials: AWSCredentials?, http: HTTPClient = .shared) {
        sender = AWSRequestSender(endpoint: endpoint, region: region, service: "s3", credentials: credentials, http: http)
    }

    /// Stores `body` at `key`. Keys Lamb writes hold only unreserved characters and `/`, so the path needs no
    /// encoding and SigV4's canonical path (which S3 does not double-encode) is the path as sent.
    public func putObject(bucket: String, key: String, body: [UInt8], contentType: String = "application/json")
        async throws
    {
        _ = try await sender.send(
            method: .PUT, path: "/\(Self.encode(bucket))/\(Self.encode(key))",
            headers: [("Content-Type", contentType)], body: body,
            timeout: .seconds(60), signsPayloadHash: true)
    }

    /// Percent-encodes all but unreserved characters and `/`.
    static func encode(_ text: String) -> String {
        text.utf8.map { byte in
            let c = Character(UnicodeScalar(byte))
            return (c.isASCII && (c.isLetter || c.isNumber)) || "-._~/".contains(c)
                ? String(c) : String(format: "%%%02X", byte)
        }.joined()
    }
}
