import Logging
import NIOCore
import NIOHTTP1

/// Sent outbound by a handler that writes a whole response past NIO's encoder (``InvokeFastPath``), so that
/// ``ClientDeadlines`` counts it as the router's responses are counted.
struct HTTPResponseSent {}

/// Closes a connection whose client is too slow to send (``ConnectionLimits``), and one whose request asked for it
/// (HTTP/1.0 without keep-alive) or broke the protocol, once that request's response is out.
///
/// Sits right behind NIO's HTTP/1 decoder: it sees every request part and every read, and the router's responses on
/// their way out; ``InvokeFastPath`` tells it of its own with ``HTTPResponseSent``. One timer per connection, armed
/// only when none is pending: a deadline that moves is checked when the timer fires, so a request costs a clock
/// read, not a timer.
final class ClientDeadlines: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// The answer to bytes that are not an HTTP/1 request, when no earlier request awaits its response (the Lambda
    /// API's: an AWS error document); `nil` leaves it to Hummingbird (an empty 400).
    typealias MalformedAnswer = @Sendable (HTTPParserError) -> (HTTPResponseHead, ByteBuffer)

    private var timeline: ConnectionTimeline
    private var timer: Scheduled<Void>?
    private let logger: Logger
    private let malformedAnswer: MalformedAnswer?

    init(limits: ConnectionLimits, logger: Logger, malformedAnswer: MalformedAnswer? = nil) {
        timeline = ConnectionTimeline(
            clientTimeout: TimeAmount(limits.clientTimeout), idleTimeout: TimeAmount(limits.idleTimeout),
            now: .uptimeNanoseconds(0))
        self.logger = logger
        self.malformedAnswer = malformedAnswer
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // The connection's first head is due from now (the event loop's clock, which tests can move).
        timeline = ConnectionTimeline(
            clientTimeout: timeline.clientTimeout, idleTimeout: timeline.idleTimeout, now: context.eventLoop.now)
        if context.channel.isActive { arm(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): timeline.headRead(keepAlive: head.isKeepAlive && !Self.endsDecoding(head))
        case .body: break
        case .end: timeline.endRead()
        }
        context.fireChannelRead(data)
    }

    /// Every read ends here, including one that brought only part of a head (the decoder passes nothing on then).
    func channelReadComplete(context: ChannelHandlerContext) {
        if timeline.readEnded(now: { context.eventLoop.now }) { arm(context: context) }
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // While draining, the decoder reports each read it drops.
        if timeline.reading == .draining, error is ByteToMessageDecoderError { return }
        guard let parseError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        // Nothing after a parse error on this connection can be trusted: it closes after the answer to it.
        timeline.protocolBroken()
        guard let malformedAnswer, timeline.owesNothing else {
            // Hummingbird answers with a 400 in its turn, behind the responses still owed (or a route reading a
            // body fails with the error, answered by ``AWSResponse/handling(_:)``).
            context.fireErrorCaught(error)
            return
        }
        let (head, body) = malformedAnswer(parseError)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            self.drain(context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if timeline.reading == .draining, case .inputClosed? = event as? ChannelEvent {
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Closes the output after the answer to a request that broke HTTP and reads (dropping it) what the client still
    /// sends until it closes, or for the client timeout: closing at once with unread bytes would reset the connection,
    /// and the client might lose the answer.
    private func drain(context: ChannelHandlerContext) {
        timeline.drain(now: context.eventLoop.now)
        context.close(mode: .output, promise: nil)
        arm(context: context)
    }

    /// NIO's decoder stops at a `CONNECT` or an upgrade request (what follows belongs to another protocol): the
    /// connection can serve nothing after its response, and a response without a length would be read until it
    /// closes.
    static func endsDecoding(_ head: HTTPRequestHead) -> Bool {
        head.method == .CONNECT || head.headers.contains(name: "upgrade")
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        switch timeline.responseSent(now: { context.eventLoop.now }) {
        case .keepOpen(let rearm):
            context.write(data, promise: promise)
            if rearm { arm(context: context) }
        case .close:
            let written = promise ?? context.eventLoop.makePromise()
            written.futureResult.assumeIsolated().whenComplete { _ in
                if self.timeline.broken { self.drain(context: context) } else { context.close(promise: nil) }
            }
            context.writeAndFlush(data, promise: written)
        }
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is HTTPResponseSent else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        // The fast path closes a connection after its own response when the request asked for it.
        if case .keepOpen(rearm: true) = timeline.responseSent(now: { context.eventLoop.now }) { arm(context: context) }
        promise?.succeed()
    }

    // MARK: The timer

    private func arm(context: ChannelHandlerContext) {
        guard timer == nil, !timeline.isAnswering else { return }
        timer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: timeline.deadline) {
            self.timer = nil
            self.expire(context: context)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }

    private func expire(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        switch timeline.expiry(now: context.eventLoop.now, sending: !context.channel.isWritable) {
        case .none:
            break
        case .later:
            arm(context: context)
        case .close(let reason):
            logger.debug(
                "closing a connection", metadata: ["reason": "\(reason)", "peer": "\(context.remoteAddress.map { "\($0)" } ?? "?")"])
            context.close(promise: nil)
        }
    }
}

/// What one connection has read and answered, and when its client's time runs out: the state of
/// ``ClientDeadlines``, without the channel (unit-tested on its own).
struct ConnectionTimeline {
    /// Where the client is in sending its next request.
    enum Reading: Equatable {
        /// Part of a head has arrived, or none yet on a new connection: the head is due by the deadline.
        case head
        /// The head is in, the body is not all there: the next bytes are due by the deadline.
        case body
        /// Between requests: the next is due by the idle deadline.
        case between
        /// The client broke HTTP and has its answer; what it still sends is dropped until it closes or the deadline.
        case draining
    }

    enum Expiry: Equatable {
        /// Lamb owes a response to a request read in full: the timer stays off until it is out.
        case none
        /// The deadline has moved: wait for it.
        case later
        case close(Reading)
    }

    enum AfterResponse: Equatable {
        /// `rearm`: the deadline runs again (no request read in full still waits for its response).
        case keepOpen(rearm: Bool)
        /// The request asked for the connection to close after its response, or the client broke the protocol.
        case close
    }

    let clientTimeout: TimeAmount
    let idleTimeout: TimeAmount
    private(set) var reading = Reading.head
    private(set) var deadline: NIODeadline
    /// Requests whose head has been read, whose end has been read, and responses written, since the connection
    /// opened. A response may be written before its request's end has been read (a route refusing a body unread).
    private var heads = 0
    private var ends = 0
    private var responses = 0
    /// The connection closes once this many responses are out.
    private var closeAfter: Int?
    /// The decoder failed: the connection drains rather than closes at once.
    private(set) var broken = false
    /// The last part of the current read was a request's end: the read stopped between requests.
    private var readEndedRequest = false

    init(clientTimeout: TimeAmount, idleTimeout: TimeAmount, now: NIODeadline) {
        self.clientTimeout = clientTimeout
        self.idleTimeout = idleTimeout
        deadline = now + clientTimeout
    }

    /// Lamb owes a response to a request it has read in full: no deadline runs.
    var isAnswering: Bool { ends > responses && reading != .draining }

    /// Every request whose head was read has been answered: an answer written now is in its turn.
    var owesNothing: Bool { responses >= heads }

    mutating func headRead(keepAlive: Bool) {
        guard reading != .draining else { return }
        heads += 1
        reading = .body
        readEndedRequest = false
        if !keepAlive, closeAfter == nil { closeAfter = heads }
    }

    mutating func endRead() {
        guard reading != .draining else { return }
        ends += 1
        reading = .between
        readEndedRequest = true
    }

    /// A read is over; returns whether the deadline runs (the timer must be armed). `now` is read only when it
    /// matters: on a warm invocation's read, the request is complete and Lamb is answering it.
    mutating func readEnded(now: () -> NIODeadline) -> Bool {
        defer { readEndedRequest = false }
        guard !isAnswering else { return false }
        switch reading {
        case .between:
            if readEndedRequest {
                // Answered before its end was read: the client is now between requests.
                deadline = now() + idleTimeout
            } else {
                // Bytes that are not yet a head: the head's time starts. (Bytes of the next request that arrived in
                // the same read as the end of the previous one are given the idle timeout instead.)
                reading = .head
                deadline = now() + clientTimeout
            }
        case .head, .draining:
            // The head's time runs from its first byte, however slowly the rest comes.
            break
        case .body:
            deadline = now() + clientTimeout
        }
        return true
    }

    mutating func responseSent(now: () -> NIODeadline) -> AfterResponse {
        responses += 1
        if reading == .draining { return .keepOpen(rearm: false) }
        if let closeAfter, responses >= closeAfter { return .close }
        guard !isAnswering else { return .keepOpen(rearm: false) }
        deadline = now() + (reading == .between ? idleTimeout : clientTimeout)
        return .keepOpen(rearm: true)
    }

    /// The decoder failed: close after the next response (Hummingbird's 400, or the answer of a request read before).
    mutating func protocolBroken() {
        broken = true
        closeAfter = min(closeAfter ?? .max, responses + 1)
    }

    /// The answer to a broken request is out: the client has the client timeout to close its end.
    mutating func drain(now: NIODeadline) {
        reading = .draining
        deadline = now + clientTimeout
    }

    /// The timer fired. `sending`: a response is still on its way out (the channel is not writable); a client reading
    /// it is not idle.
    mutating func expiry(now: NIODeadline, sending: Bool) -> Expiry {
        if isAnswering { return .none }
        if now < deadline { return .later }
        if reading == .between && sending && !broken {
            deadline = now + idleTimeout
            return .later
        }
        return .close(reading)
    }
}
