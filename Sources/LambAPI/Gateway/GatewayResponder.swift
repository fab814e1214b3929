import Foundation
import HTTPTypes
import Hummingbird
import LambCore
import LambGateway
import LambGatewayAuth
import NIOCore

/// The gateway's one handler. Every request is a Function URL's (by its host name, or the path form
/// `/lambda-url/<url-id>/...`) or a template route's; it becomes a proxy event, the function is invoked through the
/// engine like any Invoke (so concurrent requests scale out environments), and the result becomes the response by
/// the rules of the API kind. CORS preflights are answered before routing reaches a function, as AWS does.
struct GatewayResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let registry: FunctionRegistry
    let invoker: GatewayInvoker
    let routes: GatewayRouteSource

    /// The path form of a Function URL, for clients that cannot set the Host header.
    static let functionURLPathPrefix = "/lambda-url/"

    func respond(to request: Request, context: Context) async throws -> Response {
        let requestId = UUID().uuidString.lowercased()
        let method = request.method
        // HTTPTypes keeps the Host header as the request's authority, not among its fields; events carry it.
        var headers = request.headers.map { ($0.name.rawName, $0.value) }
        if let authority = request.head.authority { headers.insert(("Host", authority), at: 0) }
        var gatewayRequest = GatewayRequest(
            method: method.rawValue, target: request.head.path ?? "/", headers: headers, sourceIp: "127.0.0.1",
            timeEpochMilliseconds: Int64(Date().timeIntervalSince1970 * 1000), requestId: requestId, domainName: "",
            accountId: registry.account.accountId)
        let target: GatewayTarget
        switch resolve(&gatewayRequest, authority: request.head.authority ?? "") {
        case .missed(let miss):
            if method == .options, let answer = routes.preflightForAnyAPI(gatewayRequest) {
                return Self.response(answer, method: method)
            }
            return Self.response(GatewayErrorAnswer.response(miss, requestId: requestId), method: method)
        case .found(let found):
            target = found
        }
        let route = target.match.route
        gatewayRequest.domainName = routes.domainName(for: route)
        if method == .options,
            let answer = target.cors?.preflight(gatewayRequest, routedMethods: routes.methods(of: route, for: gatewayRequest.rawPath))
        {
            return Self.response(answer, method: method)
        }
        let limits = GatewayLimits.of(route.apiKind)
        var request = request
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        if let failure = limits.check(request: gatewayRequest, bodyBytes: declared) {
            return refuse(failure, route, requestId, method)
        }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limits.maxBodyBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return refuse(.requestTooLarge, route, requestId, method)
        } catch {
            // A body that ends early or is not valid chunked encoding: malformed HTTP, refused as any server would.
            return Response(status: .badRequest)
        }
        gatewayRequest.body = Array(buffer: body)
        var settings = target.settings
        switch await routes.authorizers.authorize(gatewayRequest, target: target) {
        case .deny(let refusal)?:
            var answer = refusal.response(kind: route.apiKind, requestId: requestId)
            if let cors = target.cors { answer = cors.decorate(answer, for: gatewayRequest) }
            return Self.response(answer, method: method)
        case .allow(let grant)?:
            settings.authorizer = grant.eventValue(apiKind: route.apiKind, payloadFormat: route.payloadFormat)
        case nil:
            break
        }
        let event =
            route.payloadFormat == .v1
            ? ProxyEventV1.make(request: gatewayRequest, match: target.match, settings: settings)
            : ProxyEventV2.make(request: gatewayRequest, match: target.match, settings: settings)
        // Serialised once: `bytes` writes the whole event each time it is read.
        let eventBytes = event.bytes
        if let failure = limits.check(eventBytes: eventBytes.count, kind: route.apiKind) {
            return refuse(failure, route, requestId, method)
        }
        let outcome = await invoker.invoke(
            function: route.functionName, qualifier: target.qualifier ?? route.qualifier, kind: route.apiKind,
            event: eventBytes)
        var response = ProxyResult.respond(
            to: outcome, route: route, requestId: requestId, binaryMediaTypes: target.settings.binaryMediaTypes,
            accept: gatewayRequest.header("accept"))
        if let cors = target.cors { response = cors.decorate(response, for: gatewayRequest) }
        return Self.response(response, method: method)
    }

    private func refuse(
        _ failure: GatewayFailure, _ route: GatewayRoute, _ requestId: String, _ method: HTTPRequest.Method
    ) -> Response {
        Self.response(GatewayErrorAnswer.response(failure, kind: route.apiKind, requestId: requestId), method: method)
    }

    /// What a request is for: a Function URL (the request's path rewritten to what the function sees, for the path
    /// form) or a template route.
    private func resolve(_ request: inout GatewayRequest, authority: String) -> GatewayResolution {
        let hostName = String(authority.split(separator: ":").first ?? "")
        if let id = FunctionURLRules.urlId(fromHost: hostName), let url = routes.functionURL(id: id) {
            return .found(url.target(path: request.rawPath))
        }
        if request.rawPath.hasPrefix(Self.functionURLPathPrefix) {
            let rest = request.rawPath.dropFirst(Self.functionURLPathPrefix.count)
            let id = String(rest.prefix { $0 != "/" })
            if let url = routes.functionURL(id: id) {
                let remainder = String(rest.dropFirst(id.count))
                request.rawPath = remainder.isEmpty ? "/" : remainder
                return .found(url.target(path: request.rawPath))
            }
        }
        switch routes.current().lookup(method: request.method, path: request.rawPath) {
        case .missed(let miss): return .missed(miss)
        case .matched(let match): return .found(routes.target(for: match))
        }
    }

    static func response(_ response: GatewayResponse, method: HTTPRequest.Method) -> Response {
        var fields = HTTPFields()
        for (name, value) in response.headers {
            guard let field = HTTPField.Name(name) else { continue }
            fields.append(HTTPField(name: field, value: value))
        }
        // A HEAD request's answer carries the length the body would have had, and no body.
        if method == .head {
            fields[.contentLength] = String(response.body.count)
            return Response(status: HTTPResponse.Status(code: response.status), headers: fields, body: ResponseBody())
        }
        return Response(
            status: HTTPResponse.Status(code: response.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}

/// Where a request goes: a route (of a template API or a Function URL) with what its events need.
struct GatewayTarget: Sendable {
    var match: RouteMatch
    /// The alias a Function URL invokes (nil: the route's own qualifier, or `$LATEST`).
    var qualifier: String?
    var settings: GatewayEventSettings
    var cors: CORSPolicy?
}

enum GatewayResolution {
    case found(GatewayTarget)
    case missed(RouteMiss)
}
