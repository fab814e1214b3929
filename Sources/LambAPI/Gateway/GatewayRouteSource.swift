import LambCore
import LambGateway
import LambTemplates
import Synchronization

/// A Function URL as the gateway serves it: its route (every method and path, payload 2.0), the qualifier it
/// invokes, and its configuration.
struct FunctionURLRoute: Sendable {
    var route: GatewayRoute
    /// An alias, or nil for `$LATEST`.
    var qualifier: String?
    var settings: GatewayEventSettings
    var cors: CORSPolicy?
    /// `<url-id>.lambda-url.<region>.on.aws`.
    var domainName: String
    /// `InvokeMode: RESPONSE_STREAM`.
    var streams = false

    /// The target of a request for `path` (every path of a URL goes to its function).
    func target(path: String) -> GatewayTarget {
        GatewayTarget(
            match: RouteMatch(route: route, pathParameters: [], pathWithoutStage: path, stagePrefixed: false),
            qualifier: qualifier, settings: settings, cors: cors, domainName: domainName, streams: streams)
    }
}

/// What the gateway routes: the template routes (replaced whenever the templates are re-synchronised) and the
/// Function URLs (read from the registry at each request, so a URL created through the API is served at once).
final class GatewayRouteSource: Sendable {
    let registry: FunctionRegistry
    /// The APIs' authorizers, rebuilt with the routes.
    let authorizers: GatewayAuthorizers
    private let state = Mutex(Routes())
    /// Function URLs as served, by URL id, with the registry's entry each was made from (a URL is made again when
    /// that changes).
    private let urls = Mutex([String: (target: FunctionURLTarget, route: FunctionURLRoute)]())

    struct Routes: Sendable {
        var table = RouteTable()
        /// Event settings (stage variables, binary media types) per API logical id.
        var settings: [String: GatewayEventSettings] = [:]
        /// CORS per API logical id, for the APIs that configure it.
        var cors: [String: CORSPolicy] = [:]
    }

    /// Signature and resource policy checks of `AWS_IAM` Function URLs.
    let functionURLAuth: FunctionURLIAMAuth

    init(registry: FunctionRegistry, authorizers: GatewayAuthorizers, functionURLAuth: FunctionURLIAMAuth) {
        self.registry = registry
        self.authorizers = authorizers
        self.functionURLAuth = functionURLAuth
    }

    func current() -> RouteTable { state.withLock { $0.table } }

    func replace(with routes: Routes) { state.withLock { $0 = routes } }

    /// A template route's target: its API's event settings and CORS.
    func target(for match: RouteMatch) -> GatewayTarget {
        let api = match.route.apiLogicalId
        return state.withLock {
            GatewayTarget(
                match: match, qualifier: nil, settings: $0.settings[api] ?? GatewayEventSettings(), cors: $0.cors[api],
                domainName: domainName(for: match.route))
        }
    }

    /// The methods `route`'s API routes for `path` (a REST API's CORS preflight lists them).
    func methods(of route: GatewayRoute, for path: String) -> [String] {
        current().routes.filter { candidate in
            candidate.apiLogicalId == route.apiLogicalId
                && RouteTable(routes: [candidate]).match(
                    method: candidate.method == GatewayRoute.anyMethod ? "GET" : candidate.method, path: path) != nil
        }.map(\.method)
    }

    /// A preflight for a path no route has for `OPTIONS`: the first API whose CORS answers it.
    func preflightForAnyAPI(_ request: GatewayRequest) -> GatewayResponse? {
        let (policies, table) = state.withLock { ($0.cors, $0.table) }
        for (api, policy) in policies.sorted(by: { $0.key < $1.key }) {
            guard let route = table.routes.first(where: { $0.apiLogicalId == api }) else { continue }
            if let answer = policy.preflight(request, routedMethods: methods(of: route, for: request.rawPath)) {
                return answer
            }
        }
        return nil
    }

    /// The host name AWS would have served the request on, for the event's `domainName` / `domainPrefix`.
    func domainName(for route: GatewayRoute) -> String {
        let region = registry.account.region
        return route.apiKind == .functionURL
            ? GatewayIdentifiers.functionURLDomain(urlId: route.apiId, region: region)
            : GatewayIdentifiers.executeAPIDomain(apiId: route.apiId, region: region)
    }

    func functionURL(id: String) -> FunctionURLRoute? {
        guard let target = registry.functionURL(id: id) else { return nil }
        if let known = urls.withLock({ $0[id] }), known.target == target { return known.route }
        let route = FunctionURLRoute(
            route: .functionURL(urlId: id, functionName: target.function),
            qualifier: target.qualifier == FunctionDefinition.latest ? nil : target.qualifier,
            settings: GatewayEventSettings(functionURLIsAnonymous: target.config.authType == .none),
            cors: CORSPolicy(functionURL: target.config.cors),
            domainName: GatewayIdentifiers.functionURLDomain(urlId: id, region: registry.account.region),
            streams: target.config.invokeMode == .responseStream)
        urls.withLock { urls in
            // Deleted URLs' entries go when one is made; ids are never reused.
            urls = urls.filter { registry.functionURL(id: $0.key) != nil }
            urls[id] = (target, route)
        }
        return route
    }
}

extension GatewayRouteSource {
    /// `GET /hello -> HelloFunction (REST API ServerlessRestApi, stage Prod)`: the start-up line of a route.
    static func describe(_ route: GatewayRoute) -> String {
        let kind = route.apiKind == .rest ? "REST API" : "HTTP API"
        let method = route.path == GatewayRoute.defaultRouteKey ? "" : route.method + " "
        return "\(method)\(route.path) -> \(route.functionName) (\(kind) \(route.apiLogicalId), stage \(route.stage))"
    }

    /// Rebuilds the template routes from the loaded stacks.
    func update(from stacks: [LoadedStack]) {
        authorizers.update(apis: stacks.flatMap(\.apis))
        var routes = Routes()
        for stack in stacks {
            let built = GatewayRoutes.make(from: stack, region: registry.account.region)
            for route in built.routes { routes.table.add(route) }
            routes.settings.merge(built.settings) { _, new in new }
            routes.cors.merge(built.cors) { _, new in new }
        }
        replace(with: routes)
    }
}
