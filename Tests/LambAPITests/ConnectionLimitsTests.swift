import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import LambAPI

@Suite("Connection timeline: when a slow client's time runs out")
struct ConnectionTimelineTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    var timeline: ConnectionTimeline

    init() {
        timeline = ConnectionTimeline(clientTimeout: .seconds(30), idleTimeout: .seconds(60), now: start)
    }

    @Test("a new connection's first head is due within the client timeout, however slowly its bytes come")
    mutating func firstHead() {
        #expect(timeline.deadline == start + .seconds(30))
        do {
            let result = timeline.readEnded(now: { start + .seconds(10) })
            #expect(result)
        }
        do {
            let result = timeline.readEnded(now: { start + .seconds(20) })
            #expect(result)
        }
        #expect(timeline.deadline == start + .seconds(30))
        do {
            let result = timeline.expiry(now: start + .seconds(30), sending: false) == .close(.head)
            #expect(result)
        }
    }

    @Test("a body may pause up to the client timeout between reads")
    mutating func bodyGaps() {
        timeline.headRead(keepAlive: true)
        do {
            let result = timeline.readEnded(now: { start + .seconds(5) })
            #expect(result)
        }
        #expect(timeline.deadline == start + .seconds(35))
        do {
            let result = timeline.readEnded(now: { start + .seconds(34) })
            #expect(result)
        }
        do {
            let result = timeline.expiry(now: start + .seconds(35), sending: false)
            #expect(result == .later)
        }
        do {
            let result = timeline.expiry(now: start + .seconds(64), sending: false) == .close(.body)
            #expect(result)
        }
    }

    @Test("no deadline runs while Lamb answers a request read in full, however long it takes")
    mutating func answering() {
        timeline.headRead(keepAlive: true)
        timeline.endRead()
        do {
            let result = timeline.readEnded(now: { Issue.record("no clock read while answering"); return start })
            #expect(!result)
        }
        #expect(timeline.isAnswering)
        do {
            let result = timeline.expiry(now: start + .seconds(900), sending: false)
            #expect(result == .none)
        }
        do {
            let result = timeline.responseSent(now: { start + .seconds(900) }) == .keepOpen(rearm: true)
            #expect(result)
        }
        #expect(timeline.deadline == start + .seconds(960))
        do {
            let result = timeline.expiry(now: start + .seconds(959), sending: false)
            #expect(result == .later)
        }
        do {
            let result = timeline.expiry(now: start + .seconds(960), sending: false) == .close(.between)
            #expect(result)
        }
    }

    @Test("between requests a client gets the idle timeout; the next head's time starts with its first byte")
    mutating func idleThenHead() {
        timeline.headRead(keepAlive: true)
        timeline.endRead()
        _ = timeline.readEnded(now: { start })
        _ = timeline.responseSent(now: { start + .seconds(1) })
        #expect(timeline.reading == .between && timeline.deadline == start + .seconds(61))
        do {
            let result = timeline.readEnded(now: { start + .seconds(50) })
            #expect(result)
        }
        #expect(timeline.reading == .head && timeline.deadline == start + .seconds(80))
    }

    @Test("pipelined requests: the deadline stays off until the last one read in full is answered")
    mutating func pipelined() {
        for _ in 0..<2 {
            timeline.headRead(keepAlive: true)
            timeline.endRead()
        }
        _ = timeline.readEnded(now: { start })
        do {
            let result = timeline.responseSent(now: { start }) == .keepOpen(rearm: false)
            #expect(result)
        }
        #expect(timeline.isAnswering)
        do {
            let result = timeline.responseSent(now: { start + .seconds(2) }) == .keepOpen(rearm: true)
            #expect(result)
        }
        #expect(timeline.deadline == start + .seconds(62))
    }

    @Test("a response written before its request's end: the body's deadline still runs")
    mutating func earlyResponse() {
        timeline.headRead(keepAlive: true)
        do {
            let result = timeline.responseSent(now: { start + .seconds(1) }) == .keepOpen(rearm: true)
            #expect(result)
        }
        #expect(timeline.reading == .body && timeline.deadline == start + .seconds(31))
        timeline.endRead()
        _ = timeline.readEnded(now: { start + .seconds(2) })
        #expect(timeline.reading == .between && timeline.deadline == start + .seconds(62))
    }

    @Test("a request without keep-alive (HTTP/1.0) closes the connection after its response")
    mutating func closeAfterResponse() {
        timeline.headRead(keepAlive: true)
        timeline.endRead()
        timeline.headRead(keepAlive: false)
        timeline.endRead()
        do {
            let result = timeline.responseSent(now: { start }) == .keepOpen(rearm: false)
            #expect(result)
        }
        do {
            let result = timeline.responseSent(now: { start })
            #expect(result == .close)
        }
    }

    @Test("after a parse error the connection closes with the next response")
    mutating func protocolBroken() {
        timeline.headRead(keepAlive: true)
        timeline.endRead()
        timeline.protocolBroken()
        do {
            let result = timeline.responseSent(now: { start })
            #expect(result == .close)
        }
    }

    @Test("after the answer to a parse error the connection drains for the client timeout, then closes")
    mutating func draining() {
        timeline.headRead(keepAlive: true)
        timeline.endRead()
        timeline.protocolBroken()
        do {
            let result = timeline.responseSent(now: { start })
            #expect(result == .close)
        }
        timeline.drain(now: start)
        timeline.headRead(keepAlive: true)
        timeline.endRead()
        #expect(!timeline.isAnswering)
        do {
            let result = timeline.expiry(now: start + .seconds(29), sending: true)
            #expect(result == .later)
        }
        do {
            let result = timeline.expiry(now: start + .seconds(30), sending: true)
            #expect(result == .close(.draining))
        }
    }

    @Test("a response still going out to a slow reader is not idleness")
    mutating func sending() {
        timeline.headRead(keepAlive: true)
        timeline.endRead()
        _ = timeline.responseSent(now: { start })
        do {
            let result = timeline.expiry(now: start + .seconds(60), sending: true)
            #expect(result == .later)
        }
        #expect(timeline.deadline == start + .seconds(120))
        do {
            let result = timeline.expiry(now: start + .seconds(120), sending: false) == .close(.between)
            #expect(result)
        }
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
        try channel.writeOutbound(HTTPServerResponsePart.head(.init(version: .http1_1, status: .ok)))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
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
        try channel.writeOutbound(HTTPServerResponsePart.head(.init(version: .http1_1, status: .notFound)))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
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
