import Foundation
import LambCore
import LambRuntimeAPI
import NIOCore
import NIOPosix
import Testing

@Suite("Runtime API server")
struct RuntimeAPIServerTests {
    let next = RuntimeAPIWire.nextPath

    func start() async throws -> (RuntimeAPIServer, RuntimeMailbox) {
        let mailbox = RuntimeMailbox()
        let server = try await RuntimeAPIServer.start(group: MultiThreadedEventLoopGroup.singleton, mailbox: mailbox)
        return (server, mailbox)
    }

    func event(_ id: String, payload: String = #"{"k":1}"#) -> InvocationEvent {
        InvocationEvent(
            requestId: id, invocationId: "inv-\(id)", deadlineMs: 1_900_000_000_000,
            invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:f", traceId: "Root=1-0-0",
            clientContext: #"{"custom":{"a":"b"}}"#, payload: ByteBuffer(string: payload))
    }

    /// A server whose runtime (`client`, parked on `/next`) has just received event `id`; `outcome` ends with what
    /// the runtime answers.
    func invoking(_ id: String) async throws
        -> (server: RuntimeAPIServer, mailbox: RuntimeMailbox, client: RawHTTPClient, outcome: Task<RuntimeOutcome, Never>)
    {
        let (server, mailbox) = try await start()
        let client = try RawHTTPClient(port: server.port)
        async let first = blocking { try client.request("GET", next) }
        _ = await mailbox.awaitInit()
        let event = event(id)
        let outcome = Task { await mailbox.invoke(event) }
        _ = try await first
        return (server, mailbox, client, outcome)
    }

    @Test("first /next ends init; the event arrives with every required header; /response is 202")
    func happyPath() async throws {
        let (server, mailbox) = try await start()
        let client = try RawHTTPClient(port: server.port)
        async let initOutcome = mailbox.awaitInit()
        async let first = blocking { try client.request("GET", next) }
        guard case .ready = await initOutcome else { Issue.record("init not ready"); return }
        async let outcome = mailbox.invoke(event("r1"))
        let response = try await first
        #expect(response.status == 200)
        #expect(response.headers["lambda-runtime-aws-request-id"] == "r1")
        #expect(response.headers["lambda-runtime-deadline-ms"] == "1900000000000")
        #expect(response.headers["lambda-runtime-invoked-function-arn"] == "arn:aws:lambda:us-east-1:000000000000:function:f")
        #expect(response.headers["lambda-runtime-trace-id"] == "Root=1-0-0")
        #expect(response.headers["lambda-runtime-client-context"] == #"{"custom":{"a":"b"}}"#)
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.text == #"{"k":1}"#)
        let posted = try await blocking {
            try client.request("POST", "/2018-06-01/runtime/invocation/r1/response", body: Data("42".utf8))
        }
        #expect(posted.status == 202)
        #expect(posted.text == #"{"status":"OK"}"#)
        guard case .response(let body, _) = await outcome else { Issue.record("no response"); return }
        #expect(String(buffer: body) == "42")
        await server.close()
    }

    @Test("Expect: 100-continue gets 100 Continue before the body is sent; a client context with line breaks stays one header")
    func continueAndLineBreaks() async throws {
        let (server, mailbox) = try await start()
        let client = try RawHTTPClient(port: server.port)
        async let first = blocking { try client.request("GET", next) }
        _ = await mailbox.awaitInit()
        var pretty = event("r1")
        pretty.clientContext = "{\r\n  \"custom\": {\"a\": \"b\"}\n}"
        async let outcome = mailbox.invoke(pretty)
        let delivered = try await first
        #expect(delivered.headers["lambda-runtime-client-context"] == "{    \"custom\": {\"a\": \"b\"} }")
        #expect(delivered.headers["lambda-runtime-trace-id"] == "Root=1-0-0")

        let body = String(repeating: "x", count: 2000)
        client.send("POST /2018-06-01/runtime/invocation/r1/response HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\nExpect: 100-continue\r\n\r\n")
        let interim = try await blocking { try client.readResponse() }
        #expect(interim.status == 100)
        client.send(body)
        let posted = try await blocking { try client.readResponse() }
        #expect(posted.status == 202)
        guard case .response(let result, _) = await outcome else { Issue.record("no response outcome"); return }
        #expect(result.readableBytes == 2000)
        await server.close()
    }

    @Test("a second /response is 403 InvalidStateTransition; a wrong id is 400 InvalidRequestID")
    func doubleResponse() async throws {
        let (server, _, client, invocation) = try await invoking("r1")
        let wrong = try await blocking { try client.request("POST", "/2018-06-01/runtime/invocation/nope/response", body: Data("1".utf8)) }
        #expect(wrong.status == 400)
        #expect(wrong.text.contains("InvalidRequestID"))
        let ok = try await blocking { try client.request("POST", "/2018-06-01/runtime/invocation/r1/error", body: Data(#"{"errorType":"E","errorMessage":"m"}"#.utf8), headers: ["Lambda-Runtime-Function-Error-Type": "Unhandled"]) }
        #expect(ok.status == 202)
        guard case .error(let body, let header) = await invocation.value else { Issue.record("no error outcome"); return }
        #expect(header == "Unhandled")
        #expect(String(buffer: body).contains("\"E\""))
        let again = try await blocking { try client.request("POST", "/2018-06-01/runtime/invocation/r1/response", body: Data("1".utf8)) }
        #expect(again.status == 403)
        #expect(again.text.contains("InvalidStateTransition"))
        await server.close()
    }

    @Test("/init/error before the first /next fails init with the runtime's error body")
    func initError() async throws {
        let (server, mailbox) = try await start()
        let client = try RawHTTPClient(port: server.port)
        let body = #"{"errorType":"Runtime.ImportModuleError","errorMessage":"Unable to import module 'x'"}"#
        let posted = try await blocking {
            try client.request("POST", "/2018-06-01/runtime/init/error", body: Data(body.utf8), headers: ["Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError"])
        }
        #expect(posted.status == 202)
        guard case .initError(let error, let header) = await mailbox.awaitInit() else { Issue.record("no init error"); return }
        #expect(header == "Runtime.ImportModuleError")
        #expect(String(buffer: error) == body)
        await server.close()
    }

    @Test("a response over 6 MB gets 413 and the invocation fails as too large")
    func tooLarge() async throws {
        let (server, _, client, invocation) = try await invoking("big")
        let big = Data(repeating: UInt8(ascii: "x"), count: Quotas.runtimeResponseBytes + 1)
        let posted = try await blocking { try client.request("POST", "/2018-06-01/runtime/invocation/big/response", body: big) }
        #expect(posted.status == 413)
        #expect(posted.text.contains("RequestEntityTooLarge"))
        guard case .responseTooLarge = await invocation.value else { Issue.record("expected too large"); return }
        await server.close()
    }

    @Test("chunked request bodies are accepted on /response, on a kept-alive connection")
    func chunked() async throws {
        let (server, mailbox, client, invocation) = try await invoking("c1")
        let posted = try await blocking { () -> RawHTTPClient.Response in
            client.send("POST /2018-06-01/runtime/invocation/c1/response HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            client.send("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
            return try client.readResponse()
        }
        #expect(posted.status == 202)
        guard case .response(let body, _) = await invocation.value else { Issue.record("no response"); return }
        #expect(String(buffer: body) == "hello world")
        // The same connection serves the next long poll.
        async let second = blocking { try client.request("GET", next) }
        async let secondOutcome = mailbox.invoke(event("c2"))
        #expect(try await second.headers["lambda-runtime-aws-request-id"] == "c2")
        mailbox.fail(.shutDown)
        guard case .failed(.shutDown) = await secondOutcome else { Issue.record("expected failure"); return }
        await server.close()
    }

    @Test("unknown paths are 404; /next during an invocation is 403")
    func misuse() async throws {
        let (server, mailbox) = try await start()
        let client = try RawHTTPClient(port: server.port)
        let unknown = try await blocking { try client.request("GET", "/2018-06-01/nothing") }
        #expect(unknown.status == 404)
        async let first = blocking { try client.request("GET", next) }
        _ = await mailbox.awaitInit()
        async let outcome = mailbox.invoke(event("r1"))
        _ = try await first
        let other = try RawHTTPClient(port: server.port)
        let early = try await blocking { try other.request("GET", next) }
        #expect(early.status == 403)
        mailbox.fail(.timedOut)
        guard case .failed(.timedOut) = await outcome else { Issue.record("expected timeout"); return }
        let late = try await blocking { try client.request("POST", "/2018-06-01/runtime/invocation/r1/response", body: Data("1".utf8)) }
        #expect(late.status == 410)
        await server.close()
    }

    @Test("bytes that are not HTTP get 400 and the connection closes")
    func malformed() async throws {
        let (server, _) = try await start()
        let client = try RawHTTPClient(port: server.port)
        client.send("this is not http\r\n\r\n")
        let answer = try await blocking { try client.readResponse() }
        #expect(answer.status == 400)
        #expect(answer.headers["connection"] == "close")
        await server.close()
    }

    @Test("a result and the next /next in one write, sent a byte at a time, any header case: answered in order")
    func pipelinedAndFragmented() async throws {
        let (server, mailbox, client, invocation) = try await invoking("r1")
        let both =
            "POST /2018-06-01/runtime/invocation/r1/response?x=1 HTTP/1.1\r\nhost: x\r\nCONTENT-TYPE: text/plain\r\n"
            + "content-length: 5\r\n\r\nhello"
            + "GET \(next) HTTP/1.1\r\nHost: x\r\n\r\n"
        for byte in both.utf8 { client.send(Data([byte])) }
        guard case .response(let body, let contentType) = await invocation.value else { Issue.record("no response"); return }
        #expect(String(buffer: body) == "hello")
        #expect(contentType == "text/plain")
        // The 202 comes with the next event (the runtime asked for it in the same breath).
        async let second = mailbox.invoke(event("r2"))
        let accepted = try await blocking { try client.readResponse() }
        #expect(accepted.status == 202)
        let nextEvent = try await blocking { try client.readResponse() }
        #expect(nextEvent.headers["lambda-runtime-aws-request-id"] == "r2")
        mailbox.fail(.shutDown)
        _ = await second
        await server.close()
    }
}
