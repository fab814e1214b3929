/// The sizes and times a front door enforces, as data, with pure checks.
///
/// - API Gateway (REST and HTTP APIs): a 10 MB payload (quota "Payload size", 10485760 bytes) answered 413; 10 KB
///   of request line and headers (HTTP APIs' "Total combined size of request line and header values", REST's
///   header quota); the integration timeout, 29 s for REST (the default maximum) and 30 s for HTTP APIs.
/// - Lambda: a synchronous invocation's event is at most 6 MB (6291456 bytes). An event over it — a body under
///   10 MB can still exceed it, base64 adding a third — is refused by Lambda, which API Gateway answers as a
///   refused invocation (500); a function URL passes Lambda's own 413.
/// - Function URLs: the request body itself is held to Lambda's 6 MB; no integration timeout of their own (the
///   function's timeout, at most 15 minutes, applies).
public struct GatewayLimits: Sendable, Equatable {
    public var maxBodyBytes: Int
    public var maxHeaderBytes: Int
    public var maxEventBytes: Int
    /// Nil: none beyond the function's own timeout.
    public var integrationTimeout: Duration?

    public init(maxBodyBytes: Int, maxHeaderBytes: Int, maxEventBytes: Int, integrationTimeout: Duration?) {
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxEventBytes = maxEventBytes
        self.integrationTimeout = integrationTimeout
    }

    public static let apiGatewayPayloadBytes = 10 * 1024 * 1024
    public static let lambdaInvokePayloadBytes = 6 * 1024 * 1024
    public static let headerBytes = 10 * 1024

    /// The limits of each kind of front door.
    public static func of(_ kind: GatewayAPIKind) -> GatewayLimits {
        switch kind {
        case .rest:
            GatewayLimits(
                maxBodyBytes: apiGatewayPayloadBytes, maxHeaderBytes: headerBytes,
                maxEventBytes: lambdaInvokePayloadBytes, integrationTimeout: .seconds(29))
        case .http:
            GatewayLimits(
                maxBodyBytes: apiGatewayPayloadBytes, maxHeaderBytes: headerBytes,
                maxEventBytes: lambdaInvokePayloadBytes, integrationTimeout: .seconds(30))
        case .functionURL:
            GatewayLimits(
                maxBodyBytes: lambdaInvokePayloadBytes, maxHeaderBytes: headerBytes,
                maxEventBytes: lambdaInvokePayloadBytes, integrationTimeout: nil)
        }
    }

    /// What is wrong with a request before any event is made: headers first (a server reads them first), then
    /// the body. `bodyBytes` may be a declared `Content-Length`, so a server can refuse before reading the body.
    public func check(request: GatewayRequest, bodyBytes: Int? = nil) -> GatewayFailure? {
        let headerBytes =
            request.method.utf8.count + request.rawPath.utf8.count + request.rawQueryString.utf8.count
            + request.headers.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count }
        if headerBytes > maxHeaderBytes { return .headersTooLarge }
        if (bodyBytes ?? request.body.count) > maxBodyBytes { return .requestTooLarge }
        return nil
    }

    /// What an event of `bytes` bytes meets at Lambda: nil when it fits.
    public func check(eventBytes bytes: Int, kind: GatewayAPIKind) -> GatewayFailure? {
        guard bytes > maxEventBytes else { return nil }
        return kind == .functionURL ? .requestTooLarge : .invocationRejected
    }
}
