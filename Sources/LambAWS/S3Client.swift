import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// S3's `PutObject` and `GetObject`, path-style (`ENDPOINT/bucket/key`), as local S3 endpoints serve it.
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
            method: .PUT, path: "/\(URIEncoding.path(bucket))/\(URIEncoding.path(key))",
            headers: [("Content-Type", contentType)], body: body,
            timeout: .seconds(60), signsPayloadHash: true)
    }

    /// The bytes of `key` (of one version of it, when `version` is given), up to `limit` bytes.
    public func getObject(bucket: String, key: String, version: String? = nil, limit: Int) async throws -> Data {
        try await sender.send(
            method: .GET, path: "/\(URIEncoding.path(bucket))/\(URIEncoding.path(key))",
            query: version.map { "versionId=\(URIEncoding.queryValue($0))" } ?? "",
            headers: [], body: [], timeout: .seconds(300), signsPayloadHash: true, responseLimit: limit)
    }
}
