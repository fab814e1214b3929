/// Why a request found no route; ``GatewayErrorAnswer`` turns it into the answer the API kind gives.
public enum RouteMiss: Sendable, Equatable {
    /// No route of any API has this path (or the path named a stage whose API has no such route).
    case noRoute(GatewayAPIKind)
    /// A route has this path, but none of its methods is the request's.
    case methodNotRouted(GatewayAPIKind)

    /// The kind of API whose answer applies.
    public var apiKind: GatewayAPIKind {
        switch self {
        case .noRoute(let kind), .methodNotRouted(let kind): kind
        }
    }
}

/// What ``RouteTable/lookup(method:path:)`` found.
public enum RouteLookup: Sendable, Equatable {
    case matched(RouteMatch)
    case missed(RouteMiss)
}

/// The gateway's routes (every REST and HTTP API of the loaded stacks, on one port as `sam local start-api` serves
/// them) and API Gateway's rules for choosing one.
///
/// **Precedence** (API Gateway's, for both kinds): the most specific path wins — compared segment by segment, a
/// literal beats a `{parameter}`, which beats a greedy `{proxy+}`; among routes with that path an exact method beats
/// `ANY`; an HTTP API's `$default` route comes last. Routes of different APIs compete by the same rules, an exact
/// tie going to the route declared first.
///
/// **Stage prefix.** On AWS a REST API is reached at `https://<id>.execute-api.<region>.amazonaws.com/Prod/hello`
/// (an HTTP API with a named stage likewise; its `$default` stage at the root), while `sam local start-api` serves
/// `/hello` only. Lamb serves both: a path whose first segment is the stage of one of the APIs is first matched,
/// without that segment, against that API's routes; if that finds nothing, the whole path is matched against every
/// route (the `sam local` form). The event is the one AWS would send for the prefixed URL either way (REST:
/// `path` without the stage, `requestContext.path` with it).
///
/// **Misses.** A path that some route has but not for this method answers as its API's kind does (REST: 403
/// `Missing Authentication Token`; HTTP API: 404 `Not Found`). A path no route has answers 403 when it names a REST
/// API's stage or when every API is a REST API (as API Gateway and `sam local` do), otherwise 404.
public struct RouteTable: Sendable, Equatable {
    public private(set) var routes: [GatewayRoute]

    public init(routes: [GatewayRoute] = []) {
        self.routes = routes.filter(\.hasValidPath)
    }

    public mutating func add(_ route: GatewayRoute) {
        guard route.hasValidPath else { return }
        routes.append(route)
    }

    /// The methods routed for `path` by the API `apiLogicalId` (with or without its stage prefix): what a REST
    /// API's CORS preflight answers with.
    public func methods(forPath path: String, apiLogicalId: String) -> [String] {
        let segments = PathTemplate.requestSegments(Substring(path))
        let own = routes.filter { $0.apiLogicalId == apiLogicalId }
        var methods: [String] = []
        for route in own {
            guard let template = route.template else { continue }
            let stageless = segments.first.map { PercentDecoding.decode($0) == route.stage } == true
            if template.match(segments) != nil || (stageless && template.match(Array(segments.dropFirst())) != nil) {
                if !methods.contains(route.method) { methods.append(route.method) }
            }
        }
        return methods
    }

    /// The route for a request, or nil; ``lookup(method:path:)`` says why there is none.
    public func match(method: String, path: String) -> RouteMatch? {
        if case .matched(let match) = lookup(method: method, path: path) { return match }
        return nil
    }

    /// The route for `method` and `path` (the request target's path, still percent-encoded, without the query).
    public func lookup(method: String, path: String) -> RouteLookup {
        let method = method.uppercased()
        let segments = PathTemplate.requestSegments(Substring(path))
        var missKind: GatewayAPIKind?
        if let first = segments.first {
            let stage = PercentDecoding.decode(first)
            let staged = routes.filter { $0.stage == stage && $0.stage != GatewayRoute.defaultRouteKey }
            if !staged.isEmpty {
                let rest = Array(segments.dropFirst())
                let restPath = "/" + rest.joined(separator: "/")
                switch Self.best(in: staged, method: method, segments: rest, path: restPath, prefixed: true) {
                case .matched(let match): return .matched(match)
                case .missed(let miss):
                    if case .methodNotRouted = miss { return .missed(miss) }
                    missKind = staged.contains { $0.apiKind == .rest } ? .rest : nil
                }
            }
        }
        let whole = Self.best(in: routes, method: method, segments: segments, path: path, prefixed: false)
        if case .missed(.noRoute) = whole {
            let kind = missKind ?? (!routes.isEmpty && routes.allSatisfy { $0.apiKind == .rest } ? .rest : .http)
            return .missed(.noRoute(kind))
        }
        return whole
    }

    private static func best(
        in routes: [GatewayRoute], method: String, segments: [Substring], path: String, prefixed: Bool
    ) -> RouteLookup {
        var chosen: (route: GatewayRoute, parameters: [(String, String)])?
        var pathOnly: GatewayRoute?
        for route in routes {
            guard let template = route.template, let parameters = template.match(segments) else { continue }
            guard route.accepts(method: method) else {
                if pathOnly == nil { pathOnly = route }
                continue
            }
            guard let current = chosen?.route.template else {
                chosen = (route, parameters)
                continue
            }
            if template.isMoreSpecific(than: current) {
                chosen = (route, parameters)
            } else if !current.isMoreSpecific(than: template), route.method != GatewayRoute.anyMethod,
                chosen?.route.method == GatewayRoute.anyMethod
            {
                chosen = (route, parameters)
            }
        }
        // The most specific route *that accepts the method* wins (API Gateway's own example: `POST /pets/dog/1`
        // goes to `ANY /pets/{proxy+}` although `GET /pets/dog/{id}` is more specific), so a path routed only for
        // other methods is a miss only when nothing else takes the request.
        if let chosen {
            return .matched(
                RouteMatch(
                    route: chosen.route, pathParameters: chosen.parameters, pathWithoutStage: path,
                    stagePrefixed: prefixed))
        }
        if let fallback = routes.first(where: { $0.path == GatewayRoute.defaultRouteKey && $0.accepts(method: method) })
        {
            return .matched(
                RouteMatch(route: fallback, pathParameters: [], pathWithoutStage: path, stagePrefixed: prefixed))
        }
        if let pathOnly { return .missed(.methodNotRouted(pathOnly.apiKind)) }
        return .missed(.noRoute(routes.first?.apiKind ?? .http))
    }
}
