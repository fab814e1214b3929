import LambGateway
import Testing

@Suite("GatewayLimits")
struct GatewayLimitsTests {
    static func request(body: Int = 0, header: Int = 10) -> GatewayRequest {
        GatewayRequest(
            method: "POST", target: "/a", headers: [("X", String(repeating: "h", count: header))],
            body: [UInt8](repeating: 0, count: body), timeEpochMilliseconds: 0, requestId: "r", domainName: "d",
            accountId: "1")
    }

    @Test(
        "each kind's body, header and event limits",
        arguments: [
            (GatewayAPIKind.rest, 10 * 1024 * 1024, GatewayFailure?.none),
            (.rest, 10 * 1024 * 1024 + 1, .requestTooLarge),
            (.http, 10 * 1024 * 1024 + 1, .requestTooLarge),
            (.functionURL, 6 * 1024 * 1024, nil),
            (.functionURL, 6 * 1024 * 1024 + 1, .requestTooLarge),
        ])
    func bodies(kind: GatewayAPIKind, bytes: Int, failure: GatewayFailure?) {
        #expect(GatewayLimits.of(kind).check(request: Self.request(), bodyBytes: bytes) == failure)
    }

    @Test("headers over 10 KB are refused before the body is looked at")
    func headers() {
        let limits = GatewayLimits.of(.http)
        #expect(limits.check(request: Self.request(header: 10 * 1024)) == .headersTooLarge)
        #expect(limits.check(request: Self.request(header: 9 * 1024)) == nil)
        let response = GatewayErrorAnswer.response(.headersTooLarge, kind: .http, requestId: "r")
        #expect(response.status == 431)
    }

    @Test("an event over Lambda's 6 MB is a refused invocation behind API Gateway and a 413 at a URL")
    func events() {
        let big = 6 * 1024 * 1024 + 1
        #expect(GatewayLimits.of(.rest).check(eventBytes: big, kind: .rest) == .invocationRejected)
        #expect(GatewayLimits.of(.functionURL).check(eventBytes: big, kind: .functionURL) == .requestTooLarge)
        #expect(GatewayLimits.of(.http).check(eventBytes: 100, kind: .http) == nil)
        #expect(GatewayErrorAnswer.response(.requestTooLarge, kind: .rest, requestId: "r").status == 413)
    }

    @Test("integration timeouts: 29 s REST, 30 s HTTP API, none of its own for a URL")
    func timeouts() {
        #expect(GatewayLimits.of(.rest).integrationTimeout == .seconds(29))
        #expect(GatewayLimits.of(.http).integrationTimeout == .seconds(30))
        #expect(GatewayLimits.of(.functionURL).integrationTimeout == nil)
    }
}
