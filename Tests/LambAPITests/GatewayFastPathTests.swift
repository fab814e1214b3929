import HTTPTypes
import NIOHTTP1
import NIOHTTPTypesHTTP1
import Testing

@testable import LambAPI

/// The gateway's fast path reads a request's headers from NIO's head as the router's responder reads them from the
/// request Hummingbird's codec makes of the same head, or leaves the request to the router.
@Suite("Gateway fast path: the request's headers")
struct GatewayFastPathTests {
    static let heads: [[(String, String)]] = [
        [("Host", "127.0.0.1:3000"), ("User-Agent", "curl/8"), ("Accept", "*/*")],
        [("host", "x.lambda-url.us-east-1.localhost"), ("Content-Type", "text/plain"), ("Content-Length", "5")],
        [("HOST", "a"), ("X-Dup", "1"), ("x-dup", "2"), ("Host", "b")],
        [("User-Agent", "no host"), ("Cookie", "a=1; b=2"), ("cookie", "c=3")],
        [],
        [("X-Empty", ""), ("X-Symbols", "!#$%&'*+-.^_`|~"), ("x.odd_name~", "v"), ("Accept-Encoding", "gzip, br")],
        [("Host", "h"), ("X-Utf8", "caf\u{E9} \u{2615}"), ("X-Tab", "a\tb")],
    ]

    /// Heads the codec would change (a value with a control character, an untrimmed value, a name that is not a
    /// token) or that the fast path leaves to the router (`Expect`).
    static let leftToTheRouter: [[(String, String)]] = [
        [("Host", "h"), ("X-Bad", "a\u{1}b")],
        [("Host", "h"), ("X-Space", " padded ")],
        [("Host", "h"), ("Bad Name", "v")],
        [("Host", "h"), ("Expect", "100-continue")],
        [("Host", "h"), ("expect", "whatever")],
    ]

    @Test("the same authority and headers as the router's", arguments: heads.indices)
    func same(_ index: Int) throws {
        let head = HTTPRequestHead(
            version: .http1_1, method: .POST, uri: "/a?b=1", headers: HTTPHeaders(Self.heads[index]))
        let (authority, headers) = try #require(GatewayFastPath.headers(of: head))
        let routed = try HTTPRequest(head, secure: false, splitCookie: false)
        #expect(authority == routed.authority)
        #expect(headers.elementsEqual(GatewayResponder.headers(of: routed)) { $0 == $1 })
    }

    @Test("heads the codec would change, or with Expect, go to the router", arguments: leftToTheRouter.indices)
    func leftAlone(_ index: Int) {
        let head = HTTPRequestHead(
            version: .http1_1, method: .GET, uri: "/", headers: HTTPHeaders(Self.leftToTheRouter[index]))
        #expect(GatewayFastPath.headers(of: head) == nil)
    }
}
