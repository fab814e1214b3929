import Foundation

/// The body of a Telemetry API (or Logs API) subscription, checked as Lambda checks it.
struct TelemetrySubscriptionRequest {
    var url: String
    var types: Set<String>
    var buffering: TelemetryHub.Buffering

    static let allowedTypes: Set<String> = ["platform", "function", "extension"]

    static func parse(_ body: [UInt8]) -> Result<TelemetrySubscriptionRequest, TelemetryRejection> {
        struct Body: Decodable {
            struct Destination: Decodable {
                var `protocol`: String?
                var URI: String?
            }
            struct Buffering: Decodable {
                var maxItems: Int?
                var maxBytes: Int?
                var timeoutMs: Int?
            }
            var destination: Destination?
            var types: [String]?
            var buffering: Buffering?
        }
        guard let decoded = try? JSONDecoder().decode(Body.self, from: Data(body)) else {
            return .failure(.invalid("The subscription is not valid JSON"))
        }
        guard let destination = decoded.destination, let uri = destination.URI else {
            return .failure(.invalid("destination.URI is required"))
        }
        guard destination.protocol == "HTTP" else {
            return .failure(.invalid("Lamb delivers telemetry over HTTP only (destination.protocol HTTP)"))
        }
        guard let url = URLComponents(string: uri), url.scheme == "http", let host = url.host,
            ["sandbox.localdomain", "sandbox", "localhost", "127.0.0.1"].contains(host)
        else {
            return .failure(.invalid("destination.URI must be http://sandbox.localdomain:PORT/..., got \(uri)"))
        }
        let types = Set(decoded.types ?? ["platform", "function"])
        guard !types.isEmpty, types.isSubset(of: allowedTypes) else {
            return .failure(.invalid("types must be among platform, function and extension"))
        }
        var buffering = TelemetryHub.Buffering()
        if let items = decoded.buffering?.maxItems { buffering.maxItems = items }
        if let bytes = decoded.buffering?.maxBytes { buffering.maxBytes = bytes }
        if let timeout = decoded.buffering?.timeoutMs { buffering.timeoutMs = timeout }
        guard (1_000...10_000).contains(buffering.maxItems), (262_144...1_048_576).contains(buffering.maxBytes),
            (25...30_000).contains(buffering.timeoutMs)
        else {
            return .failure(
                .invalid("buffering: maxItems 1000–10000, maxBytes 262144–1048576, timeoutMs 25–30000"))
        }
        // The listener is on the environment's loopback; Lamb shares the host's (or enters the same address).
        var target = url
        target.host = "127.0.0.1"
        return .success(TelemetrySubscriptionRequest(url: target.string ?? uri, types: types, buffering: buffering))
    }
}

/// A subscription refused, with Lambda's status and error type.
public enum TelemetryRejection: Error, Equatable, Sendable {
    case invalid(String)
    case unknownExtension

    var status: Int {
        switch self {
        case .invalid: 400
        case .unknownExtension: 403
        }
    }

    var errorType: String {
        switch self {
        case .invalid: "ValidationError"
        case .unknownExtension: "Extension.InvalidExtensionIdentifier"
        }
    }

    var message: String {
        switch self {
        case .invalid(let text): text
        case .unknownExtension: "No registered extension has this Lambda-Extension-Identifier"
        }
    }
}
