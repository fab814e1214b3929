import LambCore
import NIOCore
import Testing

@testable import LambRuntimeAPI

@Suite("Runtime API request parser")
struct RuntimeAPIRequestParserTests {
    /// Feeds `text` in pieces of `piece` bytes and collects every request.
    func parse(_ text: String, piece: Int = .max) throws -> [RuntimeAPIRequest] {
        var parser = RuntimeAPIRequestParser()
        var requests: [RuntimeAPIRequest] = []
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + piece)
            parser.feed(ByteBuffer(bytes: bytes[start..<end]))
            while let request = try parser.next() { requests.append(request) }
            start = end
        }
        return requests
    }

    static let pipelined =
        "POST /2018-06-01/runtime/invocation/abc/response HTTP/1.1\r\nHost: x\r\ncontent-TYPE:  text/plain \r\n"
        + "Content-Length: 5\r\n\r\nhello"
        + "POST /2018-06-01/runtime/invocation/abc/error HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
        + "Lambda-Runtime-Function-Error-Type: Oops\r\n\r\n3;ext=1\r\n{\"a\r\n2\r\n\":\r\n0\r\nTrailer: x\r\n\r\n"
        + "GET /2018-06-01/runtime/invocation/next?x=1 HTTP/1.1\r\nConnection: close\r\n\r\n"

    @Test("pipelined requests, fixed and chunked bodies, come out whole however the bytes are split")
    func pipelinedAnySplit() throws {
        for piece in [1, 2, 3, 7, 64, Int.max] {
            let requests = try parse(Self.pipelined, piece: piece)
            #expect(requests.count == 3)
            #expect(requests.map(\.method) == [.post, .post, .get])
            #expect(requests[0].path == "/2018-06-01/runtime/invocation/abc/response")
            #expect(String(buffer: requests[0].body) == "hello")
            #expect(requests[0].header("Content-Type") == "text/plain")
            #expect(requests[1].functionErrorType == "Oops")
            #expect(String(buffer: requests[1].body) == "{\"a\":")
            #expect(requests[2].path == "/2018-06-01/runtime/invocation/next")
            #expect(requests[0].keepAlive && requests[1].keepAlive && !requests[2].keepAlive)
        }
    }

    @Test("HTTP/1.0 keeps the connection only when asked; an absent header is nil")
    func keepAlive() throws {
        let requests = try parse(
            "GET /a HTTP/1.0\r\n\r\nGET /b HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\nGET /c HTTP/1.1\r\n\r\n")
        #expect(requests.map(\.keepAlive) == [false, true, true])
        #expect(requests[0].header("content-type") == nil)
    }

    @Test("a body over the limit is dropped and flagged, and the next request still parses")
    func tooLarge() throws {
        let size = Quotas.runtimeResponseBytes + 1
        let text = "POST /r HTTP/1.1\r\nContent-Length: \(size)\r\n\r\n" + String(repeating: "x", count: size)
            + "GET /next HTTP/1.1\r\n\r\n"
        let requests = try parse(text, piece: 65536)
        #expect(requests.count == 2)
        #expect(requests[0].bodyTooLarge && requests[0].body.readableBytes == 0)
        #expect(!requests[1].bodyTooLarge)
    }

    @Test("Expect: 100-continue is reported while the body is awaited")
    func expectContinue() throws {
        var parser = RuntimeAPIRequestParser()
        parser.feed(ByteBuffer(string: "POST /r HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"))
        #expect(try parser.next() == nil)
        #expect(parser.wantsContinue)
        parser.feed(ByteBuffer(string: "{}"))
        #expect(try parser.next() != nil)
    }

    static let malformed = [
        "hello\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/2.0\r\n\r\n", "GET / HTTP/1.1 x\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nno colon\r\n\r\n", "GET / HTTP/1.1\r\nbad name: x\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
    ]

    @Test("bytes that are not an HTTP/1.x request are an error", arguments: malformed)
    func malformedRequest(_ text: String) {
        #expect(throws: RuntimeAPIRequestParser.MalformedRequest.self) { try parse(text) }
    }

    @Test("a head that never ends is an error once past the limit")
    func endlessHead() {
        let text = "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: RuntimeAPIRequestParser.maximumHeadBytes + 1)
        #expect(throws: RuntimeAPIRequestParser.MalformedRequest.self) { try parse(text) }
    }
}
