import HTTPTypes
import Hummingbird
import LambGateway
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// Answers the gateway's requests for a function (a template route or a Function URL) on the connection's event
/// loop, in front of Hummingbird's router (through ``ConnectionFastPath``), as ``InvokeFastPath`` does for Invoke.
///
/// It claims a request only when it can answer it exactly as ``GatewayResponder`` would: the same
/// ``GatewayExchange`` routes, authorizes, invokes and answers it, from the same request (the headers as
/// Hummingbird's HTTPTypes conversion hands them on, `Host` first), and the response goes through NIO's encoder as
/// the router's do, with the headers Hummingbird's application adds. Everything else goes on to the router: what
/// `GatewayExchange.start` answers from the head alone (CORS preflights, no route, requests over the limits), and
/// unusual HTTP (other versions, other methods, `Expect`, absolute-form targets, header fields HTTPTypes would
/// change or drop).
struct GatewayFastPath: FastPathAnswerer {
    struct Claim: Sendable {
        var method: HTTPRequest.Method
        var request: GatewayRequest
        var target: GatewayTarget
    }

    let exchange: GatewayExchange

    func claim(_ head: HTTPRequestHead) -> FastPathClaim<Claim>? {
        guard head.version == .http1_1, let method = Self.method(head.method), head.uri.utf8.first == UInt8(ascii: "/"),
            let (authority, headers) = Self.headers(of: head)
        else { return nil }
        var request = exchange.request(method: method.rawValue, target: head.uri, headers: headers)
        let lengths = head.headers["content-length"]
        let declared = lengths.isEmpty ? nil : Int(lengths.joined(separator: ", "))
        guard
            case .proceed(let target) = exchange.start(
                &request, authority: authority ?? "", declaredBodyBytes: declared),
            // A streamed answer is written piece by piece, which the router's responses can do.
            !target.streams
        else { return nil }
        return FastPathClaim(
            claim: Claim(method: method, request: request, target: target),
            bodyLimit: GatewayLimits.of(target.match.route.apiKind).maxBodyBytes,
            // Hummingbird's test, exactly: it closes after a request whose `Connection` is `close`.
            closeAfter: head.headers["connection"].joined(separator: ", ") == "close")
    }

    func answer(_ claim: FastPathClaim<Claim>, body: ByteBuffer, tooLarge: Bool) async -> FastPathAnswer {
        let method = claim.claim.method
        let response: GatewayResponse
        if tooLarge {
            response = exchange.refusal(
                .requestTooLarge, target: claim.claim.target, requestId: claim.claim.request.requestId)
        } else {
            var request = claim.claim.request
            request.body = Array(buffer: body)
            response = await exchange.finish(request, target: claim.claim.target)
        }
        var answer = GatewayResponder.response(response, method: method)
        // What Hummingbird's application adds to every response (the gateway's server has no `Server` name).
        answer.headers[.date] = HTTPDate.now()
        return .parts(HTTPResponseHead(answer.head), body: method == .head ? nil : ByteBuffer(bytes: response.body))
    }

    /// The methods claimed; any other (`CONNECT`, `TRACE`, WebDAV's, unregistered ones) is left to the router.
    private static func method(_ method: HTTPMethod) -> HTTPRequest.Method? {
        switch method {
        case .GET: .get
        case .HEAD: .head
        case .POST: .post
        case .PUT: .put
        case .DELETE: .delete
        case .PATCH: .patch
        case .OPTIONS: .options
        default: nil
        }
    }

    /// The authority and the headers as ``GatewayResponder/headers(of:)`` reads them from the request Hummingbird's
    /// codec makes of `head` (the first `Host` header becomes the authority); nil when a field is one the codec would
    /// drop (an invalid name) or change (an invalid value), or the request has an `Expect` header.
    static func headers(of head: HTTPRequestHead) -> (String?, [(String, String)])? {
        var authority: String?
        var headers: [(String, String)] = []
        headers.reserveCapacity(head.headers.count)
        headers.append(("Host", ""))
        for (name, value) in head.headers {
            guard isToken(name), HTTPField.isValidValue(value) else { return nil }
            if authority == nil && isNamed(name, "host") {
                authority = value
                headers[0].1 = value
            } else if isNamed(name, "expect") {
                return nil
            } else {
                headers.append((name, value))
            }
        }
        if authority == nil { headers.removeFirst() }
        return (authority, headers)
    }

    /// `name` compared with a lower-case ASCII name, ignoring case.
    private static func isNamed(_ name: String, _ lowercase: StaticString) -> Bool {
        name.utf8.count == lowercase.utf8CodeUnitCount
            && zip(name.utf8, UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount))
                .allSatisfy { $0 | 0x20 == $1 }
    }

    /// RFC 9110's `token`: what HTTPTypes accepts as a field name.
    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                default: tokenSymbols.contains(byte)
                }
            }
    }

    private static let tokenSymbols = Set("!#$%&'*+-.^_`|~".utf8)
}
