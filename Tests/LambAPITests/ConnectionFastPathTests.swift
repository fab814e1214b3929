import LambEngine
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Synchronization
import Testing

@testable import LambAPI

/// The fast path's own state machine (``ConnectionFastPath``), on a testing channel with a stand-in answerer: which
/// requests it answers, which pass to the router, and that answers on one connection keep the requests' order.
@Suite("Connection fast path: claimed requests, passed requests, and their order on one connection")
struct ConnectionFastPathTests {
    /// Claims `POST /fast...`; answers with the path and the body it read. `/fast/slow` waits for ``release()``.
    final class Answerer: FastPathAnswerer, Sendable {
        private let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)
        private let waiting = Mutex(false)

        func claim(_ head: HTTPRequestHead) -> FastPathClaim<String>? {
            guard head.method == .POST, head.uri.hasPrefix("/fast") else { return nil }
            return FastPathClaim(claim: head.uri, bodyLimit: 8, closeAfter: false)
        }

        func answer(_ claim: FastPathClaim<String>, body: ByteBuffer, tooLarge: Bool) async -> FastPathAnswer {
            if claim.claim == "/fast/slow" {
                await withCheckedContinuation { continuation in
                    gate.withLock { $0 = continuation }
                    waiting.withLock { $0 = true }
                }
            }
            let text = "\(claim.claim) \(tooLarge ? "too large" : String(buffer: body))"
            var headers = HTTPHeaders()
            headers.add(name: "content-length", value: String(text.utf8.count))
            return .parts(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers), body: ByteBuffer(string: text))
        }

        var isWaiting: Bool { waiting.withLock { $0 } }

        func release() {
            gate.withLock { $0 }?.resume()
        }
    }

    static func request(_ uri: String, body: String? = nil) -> [HTTPServerRequestPart] {
        var parts: [HTTPServerRequestPart] = [.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: uri))]
        if let body { parts.append(.body(ByteBuffer(string: body))) }
        parts.append(.end(nil))
        return parts
    }

    static func channel(_ answerer: Answerer) async throws -> NIOAsyncTestingChannel {
        let channel = NIOAsyncTestingChannel()
        let loop = channel.testingEventLoop
        try await loop.executeInContext {
            try channel.pipeline.syncOperations.addHandler(
                ConnectionFastPath(answerer: answerer, executor: EventLoopTaskExecutor(loop)))
        }
        return channel
    }

    /// The next answer written on the connection: its body text.
    static func answer(_ channel: NIOAsyncTestingChannel) async throws -> String {
        guard case .head = try await channel.waitForOutboundWrite(as: HTTPServerResponsePart.self) else {
            Issue.record("expected a response head")
            return ""
        }
        guard case .body(.byteBuffer(let body)) = try await channel.waitForOutboundWrite(as: HTTPServerResponsePart.self)
        else {
            Issue.record("expected a response body")
            return ""
        }
        guard case .end = try await channel.waitForOutboundWrite(as: HTTPServerResponsePart.self) else {
            Issue.record("expected a response end")
            return ""
        }
        return String(buffer: body)
    }

    static func passed(_ channel: NIOAsyncTestingChannel) async throws -> [String] {
        var seen: [String] = []
        while let part = try await channel.readInbound(as: HTTPServerRequestPart.self) {
            switch part {
            case .head(let head): seen.append("head \(head.uri)")
            case .body(let body): seen.append("body \(String(buffer: body))")
            case .end: seen.append("end")
            }
        }
        return seen
    }

    @Test("a claimed request is answered here with the body it read; another passes to the router unchanged")
    func claimsAndPasses() async throws {
        let channel = try await Self.channel(Answerer())
        for part in Self.request("/fast", body: "abc") { try await channel.writeInbound(part) }
        #expect(try await Self.answer(channel) == "/fast abc")
        #expect(try await Self.passed(channel).isEmpty)
        for part in Self.request("/other", body: "xyz") { try await channel.writeInbound(part) }
        #expect(try await Self.passed(channel) == ["head /other", "body xyz", "end"])
        _ = try? await channel.finish()
    }

    @Test("a body over the claim's limit is dropped and the answer is told it was too large")
    func tooLarge() async throws {
        let channel = try await Self.channel(Answerer())
        for part in Self.request("/fast", body: "more than eight bytes") { try await channel.writeInbound(part) }
        #expect(try await Self.answer(channel) == "/fast too large")
        _ = try? await channel.finish()
    }

    @Test("pipelined requests keep their order: one that arrives while an answer is being made waits for it")
    func pipelinedOrder() async throws {
        let answerer = Answerer()
        let channel = try await Self.channel(answerer)
        for part in Self.request("/fast/slow") + Self.request("/other", body: "second") {
            try await channel.writeInbound(part)
        }
        while !answerer.isWaiting { try await Task.sleep(for: .milliseconds(1)) }
        // The second request has not reached the router while the first is unanswered.
        #expect(try await Self.passed(channel).isEmpty)
        answerer.release()
        #expect(try await Self.answer(channel) == "/fast/slow ")
        #expect(try await Self.passed(channel) == ["head /other", "body second", "end"])
        _ = try? await channel.finish()
    }

    @Test("a claimed request behind one the router still answers waits for the router's response end")
    func waitsForTheRouter() async throws {
        let channel = try await Self.channel(Answerer())
        for part in Self.request("/other") + Self.request("/fast", body: "2") { try await channel.writeInbound(part) }
        #expect(try await Self.passed(channel) == ["head /other", "end"])
        // Nothing answered yet: the router owes its response first.
        #expect(try await channel.readOutbound(as: HTTPServerResponsePart.self) == nil)
        var headers = HTTPHeaders()
        headers.add(name: "content-length", value: "0")
        try await channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
        try await channel.writeOutbound(HTTPServerResponsePart.end(nil))
        // The router's response went out, then the fast path's answer.
        guard case .head = try await channel.waitForOutboundWrite(as: HTTPServerResponsePart.self),
            case .end = try await channel.waitForOutboundWrite(as: HTTPServerResponsePart.self)
        else {
            Issue.record("expected the router's response first")
            return
        }
        #expect(try await Self.answer(channel) == "/fast 2")
        _ = try? await channel.finish()
    }
}
