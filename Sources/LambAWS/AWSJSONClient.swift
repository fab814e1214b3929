import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// A call to a service of AWS's JSON protocols (`X-Amz-Target`, `application/x-amz-json-1.0`), signed with SigV4.
public struct AWSJSONClient: Sendable {
    public let endpoint: URL
    public let region: String
    public let service: String
    /// `AmazonSQS`, ...: the target prefix of the service's operations.
    public let targetPrefix: String
    public let contentType: String
    public let credentials: AWSCredentials?
    let http: HTTPClient

    public init(
        endpoint: URL, region: String, service: String, targetPrefix: String,
        contentType: String = "application/x-amz-json-1.0", credentials: AWSCredentials?,
        http: HTTPClient = .shared
    ) {
        self.endpoint = endpoint
        self.region = region
        self.service = service
        self.targetPrefix = targetPrefix
        self.contentType = contentType
        self.credentials = credentials
        self.http = http
    }

    /// Sends `operation` with `input`; decodes the answer as `Output`. Throws ``AWSServiceError`` for an error the
    /// service answered and ``AWSTransportError`` when it could not be reached.
    public func call<Output: Decodable>(
        _ operation: String, _ input: some Encodable, as: Output.Type, timeout: Duration = .seconds(30)
    ) async throws -> Output {
        let body = try JSONEncoder().encode(input)
        let data = try await send(operation, body: [UInt8](body), timeout: timeout)
        return try JSONDecoder().decode(Output.self, from: data.isEmpty ? Data("{}".utf8) : data)
    }

    private func send(_ operation: String, body: [UInt8], timeout: Duration) async throws -> Data {
        let sender = AWSRequestSender(
            endpoint: endpoint, region: region, service: service, credentials: credentials, http: http)
        return try await sender.send(
            method: .POST,
            headers: [("Content-Type", contentType), ("X-Amz-Target", "\(targetPrefix).\(operation)")], body: body,
            timeout: timeout)
    }
}
