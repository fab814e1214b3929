import LambCore
import NIOCore
import Testing

@testable import LambRuntimeAPI

/// Streaming mode of `/response` (`Lambda-Runtime-Function-Response-Mode: streaming`): the parser hands out the head
/// at once and the body piece by piece, the state machine keeps the invocation under way until the stream ends, and
/// the stream's end comes from the trailers.
@Suite("Runtime API response streaming")
struct ResponseStreamingTests {
    typealias Machine = EnvironmentStateMachine<String, String, String>

    static let head =
        "POST /2018-06-01/runtime/invocation/r1/response HTTP/1.1\r\nContent-Type: text/plain\r\n"
        + "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n"
        + "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n\r\n"

    /// Feeds `text` in pieces; returns what came out in order ("head", "data:<text>", "end:<trailer names>", "GET").
    func parse(_ text: String, piece: Int) throws -> [String] {
        var parser = RuntimeAPIRequestParser()
        var seen: [String] = []
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + piece)
            parser.feed(ByteBuffer(bytes: bytes[start..<end]))
            start = end
            while true {
                if parser.streaming {
                    guard let part = try parser.nextStreamPart() else { break }
                    switch part {
                    case .data(let data):
                        // Pieces as split by the socket; joined here so that every split reads alike.
                        if let last = seen.last, last.hasPrefix("data:") {
                            seen[seen.count - 1] = last + String(buffer: data)
                        } else {
                            seen.append("data:" + String(buffer: data))
                        }
                    case .end(let trailers): seen.append("end:" + trailers.map { "\($0.name)=\($0.value)" }.joined(separator: ","))
                    }
                    continue
                }
                guard let request = try parser.next() else { break }
                seen.append(request.streaming ? "head" : request.method == .get ? "GET" : "POST")
            }
        }
        return seen
    }

    @Test("a streamed body comes out after its head, then its end with the trailers, then the next request", arguments: [1, 3, 17, Int.max])
    func parserStreams(piece: Int) throws {
        let text = Self.head + "5\r\nhello\r\n6;x=1\r\n world\r\n0\r\nLambda-Runtime-Function-Error-Type: Oops\r\n"
            + "Lambda-Runtime-Function-Error-Body: e30=\r\n\r\nGET /2018-06-01/runtime/invocation/next HTTP/1.1\r\n\r\n"
        #expect(
            try parse(text, piece: piece) == [
                "head", "data:hello world",
                "end:Lambda-Runtime-Function-Error-Type=Oops,Lambda-Runtime-Function-Error-Body=e30=", "GET",
            ])
    }

    @Test("only the exact mode `streaming` on a /response post streams; a Content-Length body streams too")
    func whichPostsStream() throws {
        let other = "POST /2018-06-01/runtime/invocation/r1/response HTTP/1.1\r\n"
            + "Lambda-Runtime-Function-Response-Mode: buffered\r\nContent-Length: 2\r\n\r\n{}"
        #expect(try parse(other, piece: .max) == ["POST"])
        let sized = "POST /2018-06-01/runtime/invocation/r1/response HTTP/1.1\r\n"
            + "lambda-runtime-function-response-mode: STREAMING\r\nContent-Length: 2\r\n\r\n{}"
        #expect(try parse(sized, piece: 1) == ["head", "data:{}", "end:"])
        let error = "POST /2018-06-01/runtime/invocation/r1/error HTTP/1.1\r\n"
            + "Lambda-Runtime-Function-Response-Mode: streaming\r\nContent-Length: 2\r\n\r\n{}"
        #expect(try parse(error, piece: .max) == ["POST"])
    }

    @Test("the stream's end from its trailers: complete, or the error type with its base64 body")
    func endFromTrailers() {
        #expect(ResponseStream.End(trailers: []) == .complete)
        let end = ResponseStream.End(trailers: [
            ("lambda-runtime-function-error-type", "RangeError"), ("Lambda-Runtime-Function-Error-Body", "eyJhIjoxfQ=="),
        ])
        #expect(end == .functionError(type: "RangeError", body: ByteBuffer(string: "{\"a\":1}")))
    }

    @Test("a streaming invocation stays under way until the stream ends; results during it are refused")
    func machineKeepsInvoking() {
        var m = Machine()
        _ = m.next("next-1")
        _ = m.invoke(EnvironmentStateMachineTests.event("r1"), waiter: "caller")
        guard case .success("caller") = m.beginStream(for: "r1") else { Issue.record("expected the waiter"); return }
        #expect(m.name == "invoking")
        guard case .failure(.invalidStateTransition) = m.result(for: "r1") else { Issue.record("expected a refusal"); return }
        guard case .failure(.invalidStateTransition) = m.beginStream(for: "r1") else { Issue.record("expected a refusal"); return }
        guard case .failure(.invalidRequestID) = m.beginStream(for: "other") else { Issue.record("expected a refusal"); return }
        let ended = m.endStream(for: "r1")
        #expect(ended)
        #expect(m.name == "idle")
        let again = m.endStream(for: "r1")
        #expect(!again)
    }

    @Test("a failure during a stream fails the stream, not the waiter (it has the stream already)")
    func failureDuringStream() {
        var m = Machine()
        _ = m.next("next-1")
        _ = m.invoke(EnvironmentStateMachineTests.event("r1"), waiter: "caller")
        _ = m.beginStream(for: "r1")
        guard case .stream = m.fail(.timedOut) else { Issue.record("expected the stream to fail"); return }
        let ended = m.endStream(for: "r1")
        #expect(!ended)
    }

    @Test("the mailbox hands the stream to the invocation, ends it, and fails it when the environment fails")
    func mailbox() async {
        let mailbox = RuntimeMailbox()
        _ = mailbox.next { _ in }
        async let outcome = mailbox.invoke(EnvironmentStateMachineTests.event("r1"))
        // The event is handed to the parked /next at once; wait until the invocation is under way.
        while mailbox.stateName != "invoking" { await Task.yield() }
        let stream = ResponseStream(contentType: "text/plain", limit: 8)
        #expect(mailbox.beginStream(requestId: "r1", stream) == nil)
        guard case .streaming(let received) = await outcome, received === stream else {
            Issue.record("expected the stream")
            return
        }
        #expect(stream.append(ByteBuffer(string: "12345")))
        #expect(!stream.append(ByteBuffer(string: "6789")))
        #expect(stream.overLimit)
        var chunks: [String] = []
        #expect(mailbox.endStream(requestId: "r1", .tooLarge))
        for await chunk in stream.chunks { chunks.append(String(buffer: chunk)) }
        #expect(chunks == ["12345"])
        #expect(await stream.finished() == .tooLarge)
        #expect(mailbox.stateName == "idle")

        _ = mailbox.next { _ in }
        async let second = mailbox.invoke(EnvironmentStateMachineTests.event("r2"))
        while mailbox.stateName != "invoking" { await Task.yield() }
        let other = ResponseStream(contentType: nil)
        _ = mailbox.beginStream(requestId: "r2", other)
        _ = await second
        mailbox.fail(.timedOut)
        #expect(await other.finished() == .failed(.timedOut))
    }
}
