import Foundation
import LambAuth
import LambCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP response from a Lamb server.
struct ClientResponse: Sendable {
    var status: Int
    /// Header names lowercased: HTTP names are case-insensitive, and Foundation keeps whatever case the server sent.
    var headers: [String: String]
    var body: Data

    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Why a client command failed. Commands print it as `lamb: <description>` and exit 2.
enum ClientError: Error, CustomStringConvertible {
    /// The server answered with an AWS error shape (`x-amzn-ErrorType` plus a JSON message).
    case service(type: String, message: String)
    /// No HTTP exchange happened: connection refused, unknown host, connection lost, timeout.
    case unreachable(endpoint: String, reason: String)
    /// An error status without an AWS error shape, or a body the command cannot read.
    case unexpectedResponse(String)
    /// Local input the command could not use (code directory, event file).
    case input(String)

    var description: String {
        switch self {
        case .service(let type, let message): "\(type): \(message)"
        case .unreachable(let endpoint, let reason): "cannot reach the Lamb server at \(endpoint): \(reason)"
        case .unexpectedResponse(let text): "unexpected response from the Lamb server: \(text)"
        case .input(let text): text
        }
    }
}

/// The Lamb server's HTTP API, as the client commands use it. It never touches the server's data directory.
struct LambClient: Sendable {
    let endpoint: URL
    private let session: URLSession
    /// Signs every request when credentials are found (a server started with `--auth sigv4` needs it; others ignore
    /// the signature).
    private let signer: RequestSigner?

    /// A synchronous invocation may run for Lambda's maximum timeout (900 s) before the first response byte; the
    /// request timeout must outlast it, or long functions would look like a dead server.
    static let requestTimeout: TimeInterval = 960

    init(endpoint: URL, signer: RequestSigner? = ClientCredentials.signer(environment: ProcessInfo.processInfo.environment)) {
        self.endpoint = endpoint
        self.signer = signer
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Self.requestTimeout
        configuration.timeoutIntervalForResource = Self.requestTimeout
        // Lamb is local: a proxy from the environment (http_proxy) must not intercept requests to it.
        configuration.connectionProxyDictionary = [:]
        session = URLSession(configuration: configuration)
    }

    /// Sends a request and returns the response whatever its status. Throws only when no HTTP exchange happened.
    func send(
        _ method: String, _ path: String, query: [(String, String)] = [], headers: [String: String] = [:],
        body: Data? = nil
    ) async throws -> ClientResponse {
        var request = URLRequest(url: url(path, query: query))
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let signer, let url = request.url, let components = URLComponents(url: url, resolvingAgainstBaseURL: false) {
            let host = (components.host ?? "") + (components.port.map { ":\($0)" } ?? "")
            for (name, value) in signer.headers(
                method: method, rawPath: components.percentEncodedPath, rawQuery: components.percentEncodedQuery ?? "",
                host: host, body: body.map { Array($0) } ?? [])
            {
                request.setValue(value, forHTTPHeaderField: name)
            }
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch let error as URLError {
            throw ClientError.unreachable(endpoint: endpoint.absoluteString, reason: Self.describe(error))
        } catch {
            throw ClientError.unreachable(endpoint: endpoint.absoluteString, reason: "\(error)")
        }
        guard let http = response as? HTTPURLResponse else {
            throw ClientError.unexpectedResponse("not an HTTP response")
        }
        var names: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { names[name.lowercased()] = value }
        }
        return ClientResponse(status: http.statusCode, headers: names, body: data)
    }

    /// Sends a request and throws `ClientError` for any error status (4xx, 5xx).
    func checked(
        _ method: String, _ path: String, query: [(String, String)] = [], headers: [String: String] = [:],
        body: Data? = nil
    ) async throws -> ClientResponse {
        let response = try await send(method, path, query: query, headers: headers, body: body)
        if let error = Self.error(in: response) { throw error }
        return response
    }

    /// Sends an `Encodable` body as JSON.
    func checked<Body: Encodable>(_ method: String, _ path: String, json body: Body) async throws -> ClientResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try await checked(method, path, body: try encoder.encode(body))
    }

    /// Decodes a successful response's JSON body.
    func decode<T: Decodable>(_ type: T.Type, from response: ClientResponse) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: response.body)
        } catch {
            throw ClientError.unexpectedResponse("could not read the body (\(error))")
        }
    }

    /// The error a response stands for, if its status is an error.
    static func error(in response: ClientResponse) -> ClientError? {
        guard response.status >= 400 else { return nil }
        let text = String(decoding: response.body, as: UTF8.self)
        guard let rawType = response.header(LambdaAPIWire.Header.errorType) else {
            return .unexpectedResponse("HTTP \(response.status) \(text)")
        }
        // AWS may append `:<doc url>` to the type; botocore keeps what precedes the colon, and so do we.
        let type = String(rawType.split(separator: ":", maxSplits: 1).first ?? Substring(rawType))
        let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        let message = (object?["message"] ?? object?["Message"]) as? String ?? text
        return .service(type: type, message: message)
    }

    /// The URL of `path` (already percent-encoded) under the endpoint, which may itself carry a path prefix.
    private func url(_ path: String, query: [(String, String)]) -> URL {
        var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false) ?? URLComponents()
        var base = components.percentEncodedPath
        while base.hasSuffix("/") { base.removeLast() }
        components.percentEncodedPath = base + path
        components.percentEncodedQuery =
            query.isEmpty
            ? nil
            : query.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        return components.url ?? endpoint
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters. Paths carry function names that may be
    /// ARNs (`:`), and query values carry base64 markers whose `+` a server would otherwise read as a space.
    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// URLError descriptions on Linux are bare codes (`NSURLErrorDomain error -1004`); say what happened instead.
    private static func describe(_ error: URLError) -> String {
        switch error.code {
        case .cannotConnectToHost: "connection refused (is `lamb serve` running?)"
        case .cannotFindHost, .dnsLookupFailed: "unknown host"
        case .timedOut: "no answer within \(Int(requestTimeout)) seconds"
        case .networkConnectionLost: "the connection was closed before the response was complete"
        case .unsupportedURL, .badURL: "not a URL Lamb can use"
        default: "network error \(error.code.rawValue)"
        }
    }
}

extension LambClient {
    /// `/2015-03-31/functions/{name}` plus an optional suffix such as `/invocations`.
    static func functionPath(_ name: String, _ suffix: String = "") -> String {
        "/2015-03-31/functions/\(escape(name))\(suffix)"
    }
}
