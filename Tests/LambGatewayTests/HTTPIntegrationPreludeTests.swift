import LambGateway
import Testing

@Suite("HTTP-integration prelude")
struct HTTPIntegrationPreludeTests {
    static let nuls = [UInt8](repeating: 0, count: 8)

    @Test("status, headers (lower-cased) and cookies (as set-cookie), then the body after the 8 NULs")
    func found() {
        let json = #"{"statusCode":201,"headers":{"X-Kind":"stream","x-n":3},"cookies":["a=1","b=2"]}"#
        let bytes = Array(json.utf8) + Self.nuls + Array("body".utf8)
        let expected = HTTPIntegrationPrelude(
            statusCode: 201, headers: [("x-kind", "stream"), ("x-n", "3"), ("set-cookie", "a=1"), ("set-cookie", "b=2")])
        #expect(HTTPIntegrationPrelude.read(bytes) == .found(expected, bodyStart: json.utf8.count + 8))
    }

    @Test("more bytes are needed until the 8 NULs have come, however they are split", arguments: [1, 4, 7])
    func needMore(nulsSoFar: Int) {
        let bytes = Array(#"{"statusCode":200}"#.utf8) + [UInt8](repeating: 0, count: nulsSoFar)
        #expect(HTTPIntegrationPrelude.read(bytes) == .needMore)
    }

    @Test("defaults: an empty object or an empty prelude is 200 without headers")
    func defaults() {
        #expect(HTTPIntegrationPrelude.read(Array("{}".utf8) + Self.nuls) == .found(HTTPIntegrationPrelude(), bodyStart: 10))
        #expect(HTTPIntegrationPrelude.read(Self.nuls) == .found(HTTPIntegrationPrelude(), bodyStart: 8))
    }

    @Test("not a prelude: not an object, a bad status", arguments: [#"[1]"#, #"{"statusCode":"abc"}"#, #"{"statusCode":99}"#, "nope"])
    func invalid(json: String) {
        #expect(HTTPIntegrationPrelude.read(Array(json.utf8) + Self.nuls) == .invalid)
    }
}
