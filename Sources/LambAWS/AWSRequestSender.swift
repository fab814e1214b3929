import AsyncHTTPClient
import Foundation
import LambAuth
import NIOCore
import NIOHTTP1

/// Sends one SigV4-signed request to a service endpoint: what the JSON, query and S3 clients share.
struct AWSRequestSender: Sendable {
    let endpoint: URL
    let region: String
    /// The signing name (`sqs`, `sns`, `events`, `s3`, ...).
    let service: String
    let credentials: AWSCredentials?
    let http: HTTPClient

    /// The `Host` header for the endpoint (`host:port`).
    var host: String { endpoint.port.map { "\(endpoint.host ?? ""):\($0)" } ?? (endpoint.host ?? "") }

    /// Sends the request; answers the status and body. Throws ``AWSTransportError`` when the endpoint cannot be
    /// reached, and ``AWSServiceError`` for a status outside 2xx.
    ///
    /// - Parameter path: the path as sent (already percent-encoded), appended to the endpoint's own path.
    /// - Parameter query: the query string as sent (already percent-encoded, sorted for SigV4), without `?`.
    /// - Parameter responseLimit: the largest response body read; a bigger one fails the request.
    func send(
        method: HTTPMethod, path: String = "", query: String = "", headers: [(String, String)], body: [UInt8],
        timeout: Duration, signsPayloadHash: Bool = false, responseLimit: Int = 16 * 1024 * 1024
    ) async throws -> Data {
        let base = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
        let fullPath = (base + path).isEmpty ? "/" : base + path
        var url = URLComponents()
        url.scheme = endpoint.scheme
        url.host = endpoint.host
        url.port = endpoint.port
        url.percentEncodedPath = fullPath
        if !query.isEmpty { url.percentEncodedQuery = query }
        var request = HTTPClientRequest(url: url.string ?? endpoint.absoluteString)
        request.method = method
        request.headers.add(name: "Host", value: host)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let credentials {
            let signer = RequestSigner(
                accessKeyId: credentials.accessKeyId, secret: credentials.secretAccessKey,
                sessionToken: credentials.sessionToken, region: region, service: service)
            for header in signer.headers(
                method: method.rawValue, rawPath: fullPath, rawQuery: query, host: host, body: body,
                includePayloadHash: signsPayloadHash)
            {
                request.headers.add(name: header.name, value: header.value)
            }
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        let data: Data
        do {
            response = try await http.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds * 1_000_000_000)))
            data = Data((try await response.body.collect(upTo: responseLimit)).readableBytesView)
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

/// An error the service answered. JSON protocols say `__type` (its last part is the code) and `message`; query and
/// REST-XML protocols say `<Code>` and `<Message>`.
public struct AWSServiceError: Error, CustomStringConvertible, Sendable {
    public var status: Int
    public var code: String
    public var message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    init(status: Int, body: Data) {
        self.status = status
        if let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] {
            let type = (object["__type"] as? String) ?? (object["code"] as? String) ?? "HTTP \(status)"
            code = String(type.split(separator: "#").last ?? Substring(type))
            message = (object["message"] as? String) ?? (object["Message"] as? String) ?? ""
            return
        }
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        code = Self.element("Code", in: text) ?? "HTTP \(status)"
        message = Self.element("Message", in: text) ?? String(text.prefix(300))
    }

    /// The text of the first `<name>` element of an XML error body.
    static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"),
            let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
    }

    public var description: String { message.isEmpty ? code : "\(code): \(message)" }
}

/// The endpoint could not be reached (refused, reset, timed out).
public struct AWSTransportError: Error, CustomStringConvertible, Sendable {
    public var endpoint: String
    public var underlying: String
    public var description: String { "cannot reach \(endpoint): \(underlying)" }
}

/// Percent-encoding as SigV4 canonicalizes it: everything but unreserved characters.
enum URIEncoding {
    /// A path: `/` kept.
    static func path(_ text: String) -> String { encode(text, keeping: "-._~/") }

    /// A query value: `/` encoded too.
    static func queryValue(_ text: String) -> String { encode(text, keeping: "-._~") }

    private static func encode(_ text: String, keeping: String) -> String {
        text.utf8.map { byte in
            let c = Character(UnicodeScalar(byte))
            return (c.isASCII && (c.isLetter || c.isNumber)) || keeping.contains(c) ? String(c) : String(format: "%%%02X", byte)
        }.joined()
    }
}
