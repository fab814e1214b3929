import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import LambAPI

/// A timeline whose clock reads seconds since the connection opened. A class, because `#expect` cannot call the
/// mutating methods of a struct.
final class Clocked {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    var timeline: ConnectionTimeline

    init() {
        timeline = ConnectionTimeline(clientTimeout: .seconds(30), idleTimeout: .seconds(60), now: start)
    }

    func at(_ seconds: Int64) -> NIODeadline { start + .seconds(seconds) }
    /// The deadline, in seconds since the start.
    var deadline: Int64 { (timeline.deadline - start).nanoseconds / 1_000_000_000 }
    var reading: ConnectionTimeline.Reading { timeline.reading }
    var isAnswering: Bool { timeline.isAnswering }

    func request(keepAlive: Bool = true) {
        timeline.headRead(keepAlive: keepAlive)
        timeline.endRead()
    }
    func head(keepAlive: Bool = true) { timeline.headRead(keepAlive: keepAlive) }
    func end() { timeline.endRead() }
    func read(at seconds: Int64) -> Bool { timeline.readEnded(now: { at(seconds) }) }
    /// A read that must not need the time (the warm path's: Lamb is answering).
    func readWithoutClock() -> Bool {
        timeline.readEnded(now: { Issue.record("the clock was read"); return start })
    }
    func sent(at seconds: Int64 = 0) -> ConnectionTimeline.AfterResponse { timeline.responseSent(now: { at(seconds) }) }
    func expiry(at seconds: Int64, sending: Bool = false) -> ConnectionTimeline.Expiry {
        timeline.expiry(now: at(seconds), sending: sending)
    }
    func broken() { timeline.protocolBroken() }
    func drain(at seconds: Int64) { timeline.drain(now: at(seconds)) }
}

@Suite("Connection timeline: when a slow client's time runs out")
struct ConnectionTimelineTests {
    let c = Clocked()

    @Test("a new connection's first head is due within the client timeout, however slowly its bytes come")
    func firstHead() {
        #expect(c.deadline == 30)
        #expect(c.read(at: 10) && c.read(at: 20))
        #expect(c.deadline == 30)
        #expect(c.expiry(at: 30) == .close(.head))
    }

    @Test("a body may pause up to the client timeout between reads")
    func bodyGaps() {
        c.head()
        #expect(c.read(at: 5) && c.deadline == 35)
        #expect(c.read(at: 34))
        #expect(c.expiry(at: 35) == .later)
        #expect(c.expiry(at: 64) == .close(.body))
    }

    @Test("no deadline runs while Lamb answers a request read in full, however long it takes")
    func answering() {
        c.request()
        #expect(!c.readWithoutClock())
        #expect(c.isAnswering)
        #expect(c.expiry(at: 900) == .none)
        #expect(c.sent(at: 900) == .keepOpen(rearm: true))
        #expect(c.deadline == 960)
        #expect(c.expiry(at: 959) == .later)
        #expect(c.expiry(at: 960) == .close(.between))
    }

    @Test("between requests a client gets the idle timeout; the next head's time starts with its first byte")
    func idleThenHead() {
        c.request()
        _ = c.read(at: 0)
        _ = c.sent(at: 1)
        #expect(c.reading == .between && c.deadline == 61)
        #expect(c.read(at: 50))
        #expect(c.reading == .head && c.deadline == 80)
    }

    @Test("pipelined requests: the deadline stays off until the last one read in full is answered")
    func pipelined() {
        c.request()
        c.request()
        _ = c.read(at: 0)
        #expect(c.sent() == .keepOpen(rearm: false))
        #expect(c.isAnswering)
        #expect(c.sent(at: 2) == .keepOpen(rearm: true))
        #expect(c.deadline == 62)
    }

    @Test("a response written before its request's end: the body's deadline still runs")
    func earlyResponse() {
        c.head()
        #expect(c.sent(at: 1) == .keepOpen(rearm: true))
        #expect(c.reading == .body && c.deadline == 31)
        c.end()
        _ = c.read(at: 2)
        #expect(c.reading == .between && c.deadline == 62)
    }

    @Test("a request without keep-alive (HTTP/1.0) closes the connection after its response")
    func closeAfterResponse() {
        c.request()
        c.request(keepAlive: false)
        #expect(c.sent() == .keepOpen(rearm: false))
        #expect(c.sent() == .close)
    }

    @Test("after a parse error the connection closes with the next response")
    func protocolBroken() {
        c.request()
        c.broken()
        #expect(c.sent() == .close)
    }

    @Test("after the answer to a parse error the connection drains for the client timeout, then closes")
    func draining() {
        c.request()
        c.broken()
        #expect(c.sent() == .close)
        c.drain(at: 0)
        c.request()
        #expect(!c.isAnswering)
        #expect(c.expiry(at: 29, sending: true) == .later)
        #expect(c.expiry(at: 30, sending: true) == .close(.draining))
    }

    @Test("a response still going out to a slow reader is not idleness")
    func sending() {
        c.request()
        _ = c.sent()
        #expect(c.expiry(at: 60, sending: true) == .later)
        #expect(c.deadline == 120)
        #expect(c.expiry(at: 120) == .close(.between))
    }
}

@Suite("Connection limits on a channel")
struct ClientDeadlinesTests {
    static func limits(client: Duration = .seconds(30), idle: Duration = .seconds(60), max: Int = 10) -> ConnectionLimits {
        var limits = ConnectionLimits()
        limits.clientTimeout = client
        limits.idleTimeout = idle
        limits.maxConnections = max
        return limits
    }

    /// A channel with NIO's HTTP/1 server codec and the deadlines behind the decoder, as the servers build it.
    static func channel(malformedAnswer: ClientDeadlines.MalformedAnswer? = nil) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: OutputHalfClosure())
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(
            withPipeliningAssistance: false, withErrorHandling: false)
        try channel.pipeline.syncOperations.addHandler(
            ClientDeadlines(limits: limits(), logger: Logger(label: "test"), malformedAnswer: malformedAnswer))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    /// What the router writes for a response: its head and its end.
    static func respond(on channel: EmbeddedChannel, status: HTTPResponseStatus = .ok) throws {
        try channel.writeOutbound(HTTPServerResponsePart.head(.init(version: .http1_1, status: status)))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
    }

    @Test("a partial head is cut after the client timeout")
    func partialHead() throws {
        let channel = try Self.channel()
        try channel.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\nHost: x\r\n"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(29))
        #expect(channel.isActive)
        try channel.writeInbound(ByteBuffer(string: "X-Slow: 1\r\n"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test("a request being answered is never cut; the idle timeout runs from its response")
    func answering() throws {
        let channel = try Self.channel()
        try channel.writeInbound(ByteBuffer(string: "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"))
        #expect(try channel.readInbound(as: HTTPServerRequestPart.self) != nil)
        channel.embeddedEventLoop.advanceTime(by: .seconds(900))
        #expect(channel.isActive)
        try Self.respond(on: channel, status: .ok)
        channel.embeddedEventLoop.advanceTime(by: .seconds(59))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test("a fast path's answer (HTTPResponseSent) counts as a response")
    func fastPathAnswer() throws {
        let channel = try Self.channel()
        try channel.writeInbound(ByteBuffer(string: "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(100))
        #expect(channel.isActive)
        channel.pipeline.triggerUserOutboundEvent(HTTPResponseSent(), promise: nil)
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(!channel.isActive)
    }

    @Test("HTTP/1.0 without keep-alive is closed after the router's response")
    func http10() throws {
        let channel = try Self.channel()
        try channel.writeInbound(ByteBuffer(string: "GET / HTTP/1.0\r\n\r\n"))
        try channel.writeOutbound(HTTPServerResponsePart.head(.init(version: .http1_1, status: .ok)))
        #expect(channel.isActive)
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        channel.embeddedEventLoop.run()
        #expect(!channel.isActive)
    }

    @Test("CONNECT and upgrade requests close the connection after their response (the decoder stops at them)",
          arguments: ["CONNECT x:443 HTTP/1.1\r\nHost: x\r\n\r\n",
                      "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"])
    func endsDecoding(request: String) throws {
        let channel = try Self.channel()
        try channel.writeInbound(ByteBuffer(string: request))
        try Self.respond(on: channel, status: .notFound)
        channel.embeddedEventLoop.run()
        #expect(!channel.isActive)
    }

    @Test("bytes that are not HTTP get the Lambda API's AWS error, then the connection drains until the client closes")
    func malformed() throws {
        let channel = try Self.channel(malformedAnswer: AWSResponse.malformedRequest)
        // Answered here: the parse error goes no further.
        try channel.writeInbound(ByteBuffer(string: "get / HTTP/1.1\r\n\r\n"))
        var answer = try #require(try channel.readOutbound(as: ByteBuffer.self))
        while let more = try channel.readOutbound(as: ByteBuffer.self) { answer.writeImmutableBuffer(more) }
        let text = String(buffer: answer)
        #expect(text.hasPrefix("HTTP/1.1 400 "))
        #expect(text.contains("x-amzn-ErrorType: InvalidRequestContentException"))
        #expect(text.contains(#""message":"The request is not valid HTTP/1.1"#))
        #expect(channel.isActive)
        #expect(try channel.pipeline.syncOperations.handler(type: OutputHalfClosure.self).closed)
        try? channel.writeInbound(ByteBuffer(string: "more bytes the client had in flight"))
        #expect(channel.isActive)
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(!channel.isActive)
    }

    @Test("a draining client that never closes is closed after the client timeout")
    func drainingTimesOut() throws {
        let channel = try Self.channel(malformedAnswer: AWSResponse.malformedRequest)
        _ = try? channel.writeInbound(ByteBuffer(string: "BREW / HTCPCP/1.0\r\n\r\n"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(29))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test("the cap admits up to its limit, refuses the rest, and counts closes")
    func cap() throws {
        let cap = ConnectionCap(limit: 2, server: "test", logger: Logger(label: "test"))
        let channels = (0..<3).map { _ in EmbeddedChannel() }
        #expect(cap.admit(channels[0]) && cap.admit(channels[1]))
        #expect(!cap.admit(channels[2]))
        #expect(cap.count == 2)
        _ = try channels[0].finish()
        #expect(cap.count == 1)
        #expect(cap.admit(channels[2]))
    }

    @Test("the default cap: 4096, or a quarter of a lower file limit, at least 64")
    func defaultCap() {
        #expect(ConnectionLimits.defaultMaxConnections(fileLimit: nil) == 4096)
        #expect(ConnectionLimits.defaultMaxConnections(fileLimit: 1_048_576) == 4096)
        #expect(ConnectionLimits.defaultMaxConnections(fileLimit: 1024) == 256)
        #expect(ConnectionLimits.defaultMaxConnections(fileLimit: 100) == 64)
    }
}

/// Keeps an output close from closing the whole embedded channel (which `EmbeddedChannel` does), as a socket would.
final class OutputHalfClosure: ChannelOutboundHandler {
    typealias OutboundIn = Any
    var closed = false

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .output else { return context.close(mode: mode, promise: promise) }
        closed = true
        promise?.succeed()
    }
}
