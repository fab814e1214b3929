import LambCore
import LambTemplates

/// CORS as each front door does it, for one API or function URL.
///
/// - **HTTP APIs** (`CorsConfiguration`) and **function URLs** (`Cors`): the service answers a preflight
///   (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) itself, with no route or function involved —
///   HTTP APIs with 204, function URLs with 200 — and puts its CORS headers on every response to a request with an
///   allowed `Origin`, replacing any the function set ("API Gateway ignores CORS headers returned from your backend
///   integration").
/// - **REST APIs** (SAM `Cors`): SAM adds an `OPTIONS` method with a mock integration to every path, which answers
///   any `OPTIONS` request for a path of the API with 200 and the configured headers, whatever the `Origin`;
///   responses from functions are left alone (a proxy integration's function sets its own CORS headers).
///   `Access-Control-Allow-Methods` defaults to the path's methods and `OPTIONS`, as SAM writes it.
public struct CORSPolicy: Sendable, Equatable {
    public var kind: GatewayAPIKind
    public var allowOrigins: [String]
    public var allowMethods: [String]
    public var allowHeaders: [String]
    public var exposeHeaders: [String]
    public var maxAge: Int?
    public var allowCredentials: Bool

    public init(
        kind: GatewayAPIKind, allowOrigins: [String], allowMethods: [String] = [], allowHeaders: [String] = [],
        exposeHeaders: [String] = [], maxAge: Int? = nil, allowCredentials: Bool = false
    ) {
        self.kind = kind
        self.allowOrigins = allowOrigins
        self.allowMethods = allowMethods
        self.allowHeaders = allowHeaders
        self.exposeHeaders = exposeHeaders
        self.maxAge = maxAge
        self.allowCredentials = allowCredentials
    }

    /// An API's CORS from its template.
    public init(api cors: StackCors, kind: GatewayAPIKind) {
        self.init(
            kind: kind, allowOrigins: cors.allowOrigins, allowMethods: cors.allowMethods,
            allowHeaders: cors.allowHeaders, exposeHeaders: cors.exposeHeaders, maxAge: cors.maxAge,
            allowCredentials: cors.allowCredentials)
    }

    /// A function URL's `Cors`; nil when it asks for nothing (as Lambda turns CORS off for `Cors: {}`).
    public init?(functionURL cors: FunctionURLCors?) {
        guard let cors, cors.isEnabled else { return nil }
        self.init(
            kind: .functionURL, allowOrigins: cors.allowOrigins ?? [], allowMethods: cors.allowMethods ?? [],
            allowHeaders: cors.allowHeaders ?? [], exposeHeaders: cors.exposeHeaders ?? [], maxAge: cors.maxAge,
            allowCredentials: cors.allowCredentials ?? false)
    }

    static let allMethods = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]

    /// The answer to a preflight, or nil when `request` is not one this policy answers (it then goes to routing).
    ///
    /// - Parameter routedMethods: REST only: the methods routed for the request's path (`ANY` for all); when
    ///   empty the path is not the API's and there is no answer.
    public func preflight(_ request: GatewayRequest, routedMethods: [String] = []) -> GatewayResponse? {
        guard request.method.uppercased() == "OPTIONS" else { return nil }
        if kind == .rest {
            guard !routedMethods.isEmpty, !routedMethods.contains("OPTIONS") else { return nil }
            var headers: [(String, String)] = []
            if !allowHeaders.isEmpty {
                headers.append(("Access-Control-Allow-Headers", allowHeaders.joined(separator: ",")))
            }
            let methods =
                allowMethods.isEmpty
                ? Set(routedMethods.flatMap { $0 == GatewayRoute.anyMethod ? Self.allMethods : [$0] } + ["OPTIONS"])
                    .sorted() : allowMethods
            headers.append(("Access-Control-Allow-Methods", methods.joined(separator: ",")))
            headers.append(("Access-Control-Allow-Origin", allowOrigins.first ?? "*"))
            if let maxAge { headers.append(("Access-Control-Max-Age", String(maxAge))) }
            if allowCredentials { headers.append(("Access-Control-Allow-Credentials", "true")) }
            headers.append(("Content-Type", "application/json"))
            return GatewayResponse(status: 200, headers: headers)
        }
        guard let origin = request.header("origin"), request.header("access-control-request-method") != nil else {
            return nil
        }
        var response = GatewayResponse(status: kind == .functionURL ? 200 : 204)
        guard let allowed = allowedOrigin(origin) else { return response }
        response.headers.append(("Access-Control-Allow-Origin", allowed))
        if !allowMethods.isEmpty {
            response.headers.append(("Access-Control-Allow-Methods", allowMethods.joined(separator: ",")))
        }
        if !allowHeaders.isEmpty {
            let requested = request.header("access-control-request-headers")
            let value = allowHeaders == ["*"] ? (requested ?? "*") : allowHeaders.joined(separator: ",")
            response.headers.append(("Access-Control-Allow-Headers", value))
        }
        if let maxAge { response.headers.append(("Access-Control-Max-Age", String(maxAge))) }
        if allowCredentials { response.headers.append(("Access-Control-Allow-Credentials", "true")) }
        return response
    }

    /// `response` with the CORS headers the service adds to an actual (not preflight) request's answer. REST APIs
    /// add none; HTTP APIs and URLs replace the function's `Access-Control-*` headers when the origin is allowed.
    public func decorate(_ response: GatewayResponse, for request: GatewayRequest) -> GatewayResponse {
        guard kind != .rest, let origin = request.header("origin"), let allowed = allowedOrigin(origin) else {
            return response
        }
        var decorated = response
        decorated.headers.removeAll { $0.0.lowercased().hasPrefix("access-control-") }
        decorated.headers.append(("Access-Control-Allow-Origin", allowed))
        if !exposeHeaders.isEmpty {
            decorated.headers.append(("Access-Control-Expose-Headers", exposeHeaders.joined(separator: ",")))
        }
        if allowCredentials { decorated.headers.append(("Access-Control-Allow-Credentials", "true")) }
        return decorated
    }

    /// What `Access-Control-Allow-Origin` says for `origin`: `*` when every origin is allowed (and credentials are
    /// not), the origin itself when it matches (`https://*.example.com` patterns included), nil otherwise.
    func allowedOrigin(_ origin: String) -> String? {
        let lower = origin.lowercased()
        for pattern in allowOrigins.map({ $0.lowercased() }) {
            if pattern == "*" { return allowCredentials ? origin : "*" }
            if let star = pattern.firstIndex(of: "*") {
                let prefix = pattern[..<star]
                let suffix = pattern[pattern.index(after: star)...]
                if lower.count > prefix.count + suffix.count, lower.hasPrefix(prefix), lower.hasSuffix(suffix) {
                    return origin
                }
            } else if pattern == lower {
                return origin
            }
        }
        return nil
    }
}
