/// The version of the event a route sends and of the result it expects: REST APIs send 1.0, HTTP APIs 2.0 unless a
/// route's `PayloadFormatVersion` says 1.0, function URLs always 2.0.
public enum PayloadFormatVersion: String, Sendable, Equatable, Codable {
    case v1 = "1.0"
    case v2 = "2.0"
}

/// One route of the gateway: a method and a path of one API (or a function URL), and the function it invokes.
public struct GatewayRoute: Sendable, Equatable {
    /// `$default`: the HTTP API route that catches what no other route matches (and every function URL request).
    public static let defaultRouteKey = "$default"
    /// Matches every method.
    public static let anyMethod = "ANY"

    public var apiKind: GatewayAPIKind
    /// The API's logical id (`ServerlessRestApi`, `MyHttpApi`), or the function's URL id.
    public var apiLogicalId: String
    /// The API id events carry (`requestContext.apiId`): ten characters like API Gateway's (see ``GatewayIdentifiers``)
    /// or the function URL id.
    public var apiId: String
    /// `Prod`, `$default`...
    public var stage: String
    /// Upper-cased (`GET`), or ``anyMethod``.
    public var method: String
    /// The path as written (`/users/{id}`), or ``defaultRouteKey``.
    public var path: String
    /// The function's name (what the engine invokes).
    public var functionName: String
    /// The alias to invoke (SAM integrates a function with `AutoPublishAlias` through its alias); nil: `$LATEST`.
    public var qualifier: String?
    public var payloadFormat: PayloadFormatVersion
    /// The authorizer's name in the API's `Auth.Authorizers`; nil when the route is open (none configured, or `NONE`).
    public var authorizer: String?
    /// The key under the function's `Events`; nil for function URLs.
    public var eventName: String?
    /// `Auth.AuthorizationScopes` of an HTTP API route with a JWT authorizer: the token must carry one of them.
    public var authorizationScopes: [String] = []

    let template: PathTemplate?

    public init(
        apiKind: GatewayAPIKind, apiLogicalId: String, apiId: String, stage: String, method: String, path: String,
        functionName: String, qualifier: String? = nil, payloadFormat: PayloadFormatVersion, authorizer: String? = nil,
        eventName: String? = nil
    ) {
        self.apiKind = apiKind
        self.apiLogicalId = apiLogicalId
        self.apiId = apiId
        self.stage = stage
        let upper = method.uppercased()
        // SAM and API Gateway both spell "any method" as ANY; OpenAPI's x-amazon-apigateway-any-method as "*".
        // A `$default` route takes every method.
        let any = upper == "*" || upper == "X-AMAZON-APIGATEWAY-ANY-METHOD" || path == Self.defaultRouteKey
        self.method = any ? Self.anyMethod : upper
        self.path = path
        self.functionName = functionName
        self.qualifier = qualifier
        self.payloadFormat = payloadFormat
        self.authorizer = authorizer
        self.eventName = eventName
        self.template = path == Self.defaultRouteKey ? nil : PathTemplate(path)
    }

    /// A function URL: every method and path of `urlId` goes to `functionName`, payload 2.0, stage `$default`.
    public static func functionURL(urlId: String, functionName: String) -> GatewayRoute {
        GatewayRoute(
            apiKind: .functionURL, apiLogicalId: urlId, apiId: urlId, stage: defaultRouteKey, method: anyMethod,
            path: defaultRouteKey, functionName: functionName, payloadFormat: .v2)
    }

    /// `GET /users/{id}`, `ANY /{proxy+}` or `$default`: the event's `routeKey`.
    public var routeKey: String { path == Self.defaultRouteKey ? Self.defaultRouteKey : "\(method) \(path)" }

    /// Whether the path was one API Gateway accepts (a route with a malformed path never matches).
    public var hasValidPath: Bool { path == Self.defaultRouteKey || template != nil }

    /// Whether this route takes requests with `method` (exactly, or as ``anyMethod``).
    func accepts(method requested: String) -> Bool { method == Self.anyMethod || method == requested }
}

/// A route chosen for a request, with the path parameters it binds (percent-decoded, in template order).
public struct RouteMatch: Sendable, Equatable {
    public var route: GatewayRoute
    public var pathParameters: [(String, String)]
    /// The request path without the stage prefix (`/hello` for `/Prod/hello`): the event's `path` for REST APIs.
    public var pathWithoutStage: String
    /// Whether the request named the stage (`/Prod/hello`); see ``RouteTable`` for why both forms are served.
    public var stagePrefixed: Bool

    public init(
        route: GatewayRoute, pathParameters: [(String, String)], pathWithoutStage: String, stagePrefixed: Bool
    ) {
        self.route = route
        self.pathParameters = pathParameters
        self.pathWithoutStage = pathWithoutStage
        self.stagePrefixed = stagePrefixed
    }

    public static func == (lhs: RouteMatch, rhs: RouteMatch) -> Bool {
        lhs.route == rhs.route && lhs.pathWithoutStage == rhs.pathWithoutStage && lhs.stagePrefixed == rhs.stagePrefixed
            && lhs.pathParameters.elementsEqual(rhs.pathParameters) { $0 == $1 }
    }
}
