import AsyncHTTPClient
import Foundation
import LambAuth
import NIOCore
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
        let path = endpoint.path.isEmpty ? "/" : endpoint.path
        let host = endpoint.port.map { "\(endpoint.host ?? ""):\($0)" } ?? (endpoint.host ?? "")
        var request = HTTPClientRequest(url: endpoint.absoluteString)
        request.method = .POST
        request.headers.add(name: "Host", value: host)
        request.headers.add(name: "Content-Type", value: contentType)
        request.headers.add(name: "X-Amz-Target", value: "\(targetPrefix).\(operation)")
        if let credentials {
            let signer = RequestSigner(
                accessKeyId: credentials.accessKeyId, secret: credentials.secretAccessKey,
                sessionToken: credentials.sessionToken, region: region, service: service)
            for header in signer.headers(method: "POST", rawPath: path, rawQuery: "", host: host, body: body) {
                request.headers.add(name: header.name, value: header.value)
            }
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        let data: Data
        do {
            response = try await http.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds * 1_000_000_000)))
            data = Data((try await response.body.collect(upTo: 16 * 1024 * 1024)).readableBytesView)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw AWSTransportError(endpoint: endpoint.absoluteString, underlying: "\(error)")
        }
        guard (200..<300).contains(response.status.code) else {
            throw AWSServiceError(status: Int(response.status.code), body: data)
        }
        return data
    }
}

/// An error the service answered: `__type` (its last part is the code) and `message`.
public struct AWSServiceError: Error, CustomStringConvertible, Sendable {
    public var status: Int
    public var code: String
    public var message: String

    init(status: Int, body: Data) {
        self.status = status
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let type = (object?["__type"] as? String) ?? (object?["code"] as? String) ?? "HTTP \(status)"
        code = String(type.split(separator: "#").last ?? Substring(type))
        message = (object?["message"] as? String) ?? (object?["Message"] as? String)
            ?? String(decoding: body.prefix(300), as: UTF8.self)
    }

    public var description: String { "\(code): \(message)" }
}

/// The endpoint could not be reached (refused, reset, timed out).
public struct AWSTransportError: Error, CustomStringConvertible, Sendable {
    public var endpoint: String
    public var underlying: String
    public var description: String { "cannot reach \(endpoint): \(underlying)" }
}
