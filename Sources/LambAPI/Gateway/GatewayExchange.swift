import Foundation
import LambCore
import LambGateway
import LambGatewayAuth
import NIOCore

/// What the gateway does with one request, whichever part of the server reads it (``GatewayFastPath`` on the
/// connection's event loop, or ``GatewayResponder`` behind Hummingbird's router): every request is a Function URL's
/// (by its host name, or the path form `/lambda-url/<url-id>/...`) or a template route's; it becomes a proxy event,
/// the function is invoked through the engine like any Invoke (so concurrent requests scale out environments), and
/// the result becomes the response by the rules of the API kind. CORS preflights are answered before routing reaches
/// a function, as AWS does.
///
/// In two steps, so that a server can stop before reading a body: ``start(_:authority:declaredBodyBytes:)`` from the
/// request's head, then ``finish(_:target:)`` with its body.
struct GatewayExchange: Sendable {
    let registry: FunctionRegistry
    let invoker: GatewayInvoker
    let routes: GatewayRouteSource

    /// The path form of a Function URL, for clients that cannot set the Host header.
    static let functionURLPathPrefix = "/lambda-url/"

    /// What the request's head decides.
    enum Start {
        /// The answer, given before any body is read: no route, a preflight, a request over the limits.
        case answered(GatewayResponse)
        /// A function's route: the body is read (up to the limit of the route's kind) and the request finished.
        case proceed(GatewayTarget)
    }

    /// A request as received (`headers` in order, the `Host` header first, as it is the request's authority), with
    /// a new request id and the time.
    func request(method: String, target: String, headers: [(String, String)]) -> GatewayRequest {
        GatewayRequest(
            method: method, target: target, headers: headers, sourceIp: "127.0.0.1",
            timeEpochMilliseconds: Int64(Date().timeIntervalSince1970 * 1000), requestId: Identifiers.requestId(),
            domainName: "", accountId: registry.account.accountId)
    }

    /// Routes a request from its head. `declaredBodyBytes` is its `Content-Length`, when it has one.
    func start(_ request: inout GatewayRequest, authority: String, declaredBodyBytes: Int?) -> Start {
        let target: GatewayTarget
        switch resolve(&request, authority: authority) {
        case .missed(let miss):
            if request.method == "OPTIONS", let answer = routes.preflightForAnyAPI(request) {
                return .answered(answer)
            }
            return .answered(GatewayErrorAnswer.response(miss, requestId: request.requestId))
        case .found(let found):
            target = found
        }
        let route = target.match.route
        request.domainName = target.domainName
        if request.method == "OPTIONS",
            let answer = target.cors?.preflight(request, routedMethods: routes.methods(of: route, for: request.rawPath))
        {
            return .answered(answer)
        }
        if let failure = GatewayLimits.of(route.apiKind).check(request: request, bodyBytes: declaredBodyBytes) {
            return .answered(refusal(failure, target: target, requestId: request.requestId))
        }
        return .proceed(target)
    }

    /// The answer to a request refused for `failure` once routed.
    func refusal(_ failure: GatewayFailure, target: GatewayTarget, requestId: String) -> GatewayResponse {
        GatewayErrorAnswer.response(failure, kind: target.match.route.apiKind, requestId: requestId)
    }

    /// Authorizes, invokes and answers a routed request whose body has been read.
    func finish(_ request: GatewayRequest, target: GatewayTarget) async -> GatewayResponse {
        let prepared = await prepare(request, target: target)
        let request: GatewayRequest
        let event: [UInt8]
        switch prepared {
        case .refused(let answer): return answer
        case .invoke(let authorized, let bytes): (request, event) = (authorized, bytes)
        }
        let route = target.match.route
        let outcome = await invoker.invoke(
            function: route.functionName, qualifier: target.qualifier ?? route.qualifier, kind: route.apiKind,
            event: ByteBuffer(bytes: event))
        var response = ProxyResult.respond(
            to: outcome, route: route, requestId: request.requestId, binaryMediaTypes: target.settings.binaryMediaTypes,
            accept: request.header("accept"))
        if let cors = target.cors { response = cors.decorate(response, for: request) }
        return response
    }

    enum Prepared {
        /// Refused before invoking (authorization, limits).
        case refused(GatewayResponse)
        /// The request as authorized, and the event to invoke the function with.
        case invoke(GatewayRequest, event: [UInt8])
    }

    /// Authorizes a routed request whose body has been read, and makes its event.
    func prepare(_ request: GatewayRequest, target: GatewayTarget) async -> Prepared {
        let route = target.match.route
        var settings = target.settings
        var request = request
        if route.apiKind == .functionURL && !settings.functionURLIsAnonymous {
            switch await routes.functionURLAuth.check(request, target: target) {
            case .deny(let refusal):
                return .refused(refusal)
            case .allow(let authorizer, let account):
                settings.authorizer = authorizer
                request.accountId = account
            }
        }
        switch await routes.authorizers.authorize(request, target: target) {
        case .deny(let refusal)?:
            var answer = refusal.response(kind: route.apiKind, requestId: request.requestId)
            if let cors = target.cors { answer = cors.decorate(answer, for: request) }
            return .refused(answer)
        case .allow(let grant)?:
            settings.authorizer = grant.eventValue(apiKind: route.apiKind, payloadFormat: route.payloadFormat)
        case nil:
            break
        }
        let event =
            route.payloadFormat == .v1
            ? ProxyEventV1.bytes(request: request, match: target.match, settings: settings)
            : ProxyEventV2.bytes(request: request, match: target.match, settings: settings)
        if let failure = GatewayLimits.of(route.apiKind).check(eventBytes: event.count, kind: route.apiKind) {
            return .refused(refusal(failure, target: target, requestId: request.requestId))
        }
        return .invoke(request, event: event)
    }

    /// What a request is for: a Function URL (the request's path rewritten to what the function sees, for the path
    /// form) or a template route. Host names and paths are compared as bytes.
    private func resolve(_ request: inout GatewayRequest, authority: String) -> GatewayResolution {
        if Self.mayNameFunctionURL(authority) {
            let hostName = authority.utf8.split(separator: UInt8(ascii: ":")).first.map { String(Substring($0)) } ?? ""
            if let id = FunctionURLRules.urlId(fromHost: hostName), let url = routes.functionURL(id: id) {
                return .found(url.target(path: request.rawPath))
            }
        }
        let path = request.rawPath
        if path.utf8.starts(with: Self.functionURLPathPrefix.utf8) {
            let idStart = path.utf8.index(path.startIndex, offsetBy: Self.functionURLPathPrefix.utf8.count)
            let idEnd = path.utf8[idStart...].firstIndex(of: UInt8(ascii: "/")) ?? path.endIndex
            if let url = routes.functionURL(id: String(path[idStart..<idEnd])) {
                request.rawPath = idEnd == path.endIndex ? "/" : String(path[idEnd...])
                return .found(url.target(path: request.rawPath))
            }
        }
        switch routes.current().lookup(method: request.method, path: request.rawPath) {
        case .missed(let miss): return .missed(miss)
        case .matched(let match): return .found(routes.target(for: match))
        }
    }

    /// Whether a host can be a Function URL's (`<url-id>.lambda-url.<region>...`): most requests' hosts (an IP
    /// address, `localhost`) cannot, and need not be split into labels to know it.
    private static func mayNameFunctionURL(_ authority: String) -> Bool {
        let found = authority.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return true }
            let marker = functionURLHostMarker
            guard bytes.count >= marker.count else { return false }
            // ASCII letters compared lower-cased (`| 0x20`); the label's dots and dash are unchanged by it.
            return (0...(bytes.count - marker.count)).contains { start in
                marker.indices.allSatisfy { bytes[start + $0] | 0x20 == marker[$0] }
            }
        }
        return found ?? true
    }

    private static let functionURLHostMarker = Array(".lambda-url.".utf8)
}

/// Where a request goes: a route (of a template API or a Function URL) with what its events need.
struct GatewayTarget: Sendable {
    var match: RouteMatch
    /// The alias a Function URL invokes (nil: the route's own qualifier, or `$LATEST`).
    var qualifier: String?
    var settings: GatewayEventSettings
    var cors: CORSPolicy?
    /// The host name AWS would have served the request on (the event's `domainName` and `domainPrefix`).
    var domainName: String
    /// A `RESPONSE_STREAM` Function URL: answered by ``GatewayExchange/finishStreaming(_:target:)``.
    var streams = false
}

enum GatewayResolution {
    case found(GatewayTarget)
    case missed(RouteMiss)
}
