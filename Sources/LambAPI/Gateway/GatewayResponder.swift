import HTTPTypes
import Hummingbird
import LambGateway
import NIOCore

/// The gateway's handler behind Hummingbird's router: the requests ``GatewayFastPath`` leaves to it (CORS
/// preflights, requests no route takes, ones over the limits, unusual HTTP), answered by the same
/// ``GatewayExchange``.
struct GatewayResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let registry: FunctionRegistry
    let invoker: GatewayInvoker
    let routes: GatewayRouteSource

    var exchange: GatewayExchange { GatewayExchange(registry: registry, invoker: invoker, routes: routes) }

    func respond(to request: Request, context: Context) async throws -> Response {
        let exchange = exchange
        let method = request.method
        var gatewayRequest = exchange.request(
            method: method.rawValue, target: request.head.path ?? "/", headers: Self.headers(of: request.head))
        let target: GatewayTarget
        switch exchange.start(
            &gatewayRequest, authority: request.head.authority ?? "",
            declaredBodyBytes: request.headers[.contentLength].flatMap { Int($0) })
        {
        case .answered(let answer):
            return Self.response(answer, method: method)
        case .proceed(let found):
            target = found
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: GatewayLimits.of(target.match.route.apiKind).maxBodyBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return Self.response(
                exchange.refusal(.requestTooLarge, target: target, requestId: gatewayRequest.requestId), method: method)
        } catch {
            // A body that ends early or is not valid chunked encoding: malformed HTTP, refused as any server would.
            return Response(status: .badRequest)
        }
        gatewayRequest.body = Array(buffer: body)
        if target.streams { return await exchange.finishStreaming(gatewayRequest, target: target, method: method) }
        return Self.response(await exchange.finish(gatewayRequest, target: target), method: method)
    }

    /// The request's headers as events carry them: HTTPTypes keeps the Host header as the request's authority, not
    /// among its fields, and it comes first.
    static func headers(of head: HTTPRequest) -> [(String, String)] {
        var headers = head.headerFields.map { ($0.name.rawName, $0.value) }
        if let authority = head.authority { headers.insert(("Host", authority), at: 0) }
        return headers
    }

    static func response(_ response: GatewayResponse, method: HTTPRequest.Method) -> Response {
        // Made as an array first: HTTPFields appends one by one through its generic collection conformance.
        var list: [HTTPField] = []
        list.reserveCapacity(response.headers.count + 2)
        for (name, value) in response.headers {
            guard let field = HTTPField.Name(name) else { continue }
            list.append(HTTPField(name: field, value: value))
        }
        var fields = HTTPFields(list)
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
