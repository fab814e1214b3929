import LambEngine
import NIOCore
import NIOHTTP1

/// What a fast path in front of Hummingbird answers itself: the requests it claims from their head, and their
/// answers. ``InvokeFastPath`` (synchronous Invoke) and ``GatewayFastPath`` (the gateway's routes and Function URLs)
/// are the two.
protocol FastPathAnswerer: Sendable {
    /// What the answer needs from the request's head.
    associatedtype Claim: Sendable

    /// The request this path answers, or nil for one the router should see.
    func claim(_ head: HTTPRequestHead) -> FastPathClaim<Claim>?

    /// The answer to a claimed request, run on the connection's event loop once its body has been read. `body` is
    /// empty and `tooLarge` set when the body was over the claim's limit (it is read to its end, and dropped).
    func answer(_ claim: FastPathClaim<Claim>, body: ByteBuffer, tooLarge: Bool) async -> FastPathAnswer
}

/// A claimed request: what its answer needs, and how its connection treats it.
struct FastPathClaim<Claim: Sendable>: Sendable {
    var claim: Claim
    /// The most body bytes the request may carry (more are not kept).
    var bodyLimit: Int
    /// Whether the connection closes once the answer is written.
    var closeAfter: Bool
}

/// A fast path's response.
enum FastPathAnswer: Sendable {
    /// Bytes ready for the socket, written past NIO's response encoder: a head (with any small body in it) and
    /// perhaps a body after it.
    case raw(ByteBuffer, body: ByteBuffer?)
    /// A response written through NIO's encoder, as the router's are.
    case parts(HTTPResponseHead, body: ByteBuffer?)
}

/// Answers the requests an ``FastPathAnswerer`` claims on the connection's event loop, in front of Hummingbird;
/// every other request goes through untouched.
///
/// It sits right behind NIO's HTTP/1 decoder: the router path (Hummingbird's HTTPTypes conversion both ways, its
/// connection state handler, an async-sequence read, a route lookup, an async writer) costs a large share of a warm
/// invocation, which is otherwise a few microseconds of bookkeeping around the runtime's answer.
///
/// Requests on one connection are answered in order, as HTTP/1.1 requires even when a client pipelines: while an
/// answer is being made, or while the router still owes a response, later request parts wait here. A server
/// shutdown's quiesce event waits too while an answer is being made here, so that the connection closes after it.
final class ConnectionFastPath<Answerer: FastPathAnswerer>: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        /// Reading the body of a request this handler answers.
        case collecting(Pending)
        /// The answer is being made.
        case answering
        /// A request the router answers: its parts pass until its end, and it is over once the router has also
        /// written its response's end.
        case passing(requestEnded: Bool, responseEnded: Bool)
    }

    private struct Pending {
        var claim: FastPathClaim<Answerer.Claim>
        var body: ByteBuffer?
        var tooLarge = false
    }

    private var state = State.idle
    private var waiting = CircularBuffer<HTTPServerRequestPart>()
    private let answerer: Answerer
    private let executor: EventLoopTaskExecutor
    /// The context of NIO's response encoder: raw bytes written through it go straight to the socket.
    private var rawOutput: ChannelHandlerContext?
    /// A shutdown's quiesce event held back while an answer is being made here.
    private var quiesceHeld = false

    init(answerer: Answerer, executor: EventLoopTaskExecutor) {
        self.answerer = answerer
        self.executor = executor
    }

    func handlerAdded(context: ChannelHandlerContext) {
        rawOutput = try? context.pipeline.syncOperations.context(handlerType: HTTPResponseEncoder.self)
    }

    // MARK: Inbound

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, !waiting.isEmpty || isAnswering {
            quiesceHeld = true
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// A request of this handler's is being read or answered.
    private var isAnswering: Bool {
        switch state {
        case .collecting, .answering: true
        case .idle, .passing: false
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if waiting.isEmpty && !isBlocked {
            dispatch(part, context: context)
        } else {
            waiting.append(part)
        }
    }

    /// Whether request parts must wait: an answer is being made, or the router still owes the previous response.
    private var isBlocked: Bool {
        switch state {
        case .answering, .passing(requestEnded: true, _): true
        case .idle, .collecting, .passing(requestEnded: false, _): false
        }
    }

    private func dispatch(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch state {
        case .idle:
            if case .head(let head) = part, let claim = answerer.claim(head) {
                state = .collecting(Pending(claim: claim))
            } else {
                pass(part, context: context)
            }
        case .collecting(var pending):
            switch part {
            case .head: preconditionFailure("a request head inside a request body")
            case .body(var chunk):
                if pending.tooLarge { return }
                let size = (pending.body?.readableBytes ?? 0) + chunk.readableBytes
                if size > pending.claim.bodyLimit {
                    pending.tooLarge = true
                    pending.body = nil
                } else if pending.body == nil {
                    pending.body = chunk
                } else {
                    pending.body!.writeBuffer(&chunk)
                }
                state = .collecting(pending)
            case .end:
                state = .answering
                run(pending, context: context)
            }
        case .passing(requestEnded: false, _):
            pass(part, context: context)
        case .answering, .passing(requestEnded: true, _):
            preconditionFailure("request parts are dispatched only while not blocked")
        }
    }

    private func pass(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch (state, part) {
        case (.idle, .head):
            state = .passing(requestEnded: false, responseEnded: false)
        case (.passing(false, let responseEnded), .end):
            state = responseEnded ? .idle : .passing(requestEnded: true, responseEnded: false)
        default:
            break
        }
        context.fireChannelRead(wrapInboundOut(part))
    }

    // MARK: Answering

    private func run(_ pending: Pending, context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let answerer = answerer
        let claim = pending.claim
        let tooLarge = pending.tooLarge
        let body = pending.body ?? ByteBuffer()
        // Set once `run` has returned: an answer ready before then (a refusal needs no runtime) waits for the
        // loop's next turn, so that answering never re-enters the dispatch that called `run`.
        let returned = NIOLoopBoundBox(false, eventLoop: eventLoop)
        // The task starts right here, inside the read: a warm invocation takes its environment and hands the event to
        // the runtime before this read's handling returns (the engine's bookkeeping is a lock, not an actor hop), and
        // resumes on the connection's loop once the runtime answers.
        Task.immediate(executorPreference: executor) {
            let answer = await answerer.answer(claim, body: body, tooLarge: tooLarge)
            let respond: @Sendable () -> Void = {
                loopBound.value.handler.respond(answer, closeAfter: claim.closeAfter, context: loopBound.value.context)
            }
            if eventLoop.inEventLoop && returned.value { respond() } else { eventLoop.execute(respond) }
        }
        returned.value = true
    }

    private func respond(_ answer: FastPathAnswer, closeAfter: Bool, context: ChannelHandlerContext) {
        let written: EventLoopFuture<Void>?
        switch answer {
        case .raw(let head, let body):
            let output = rawOutput ?? context
            // Raw bytes pass NIO's encoder and ``ClientDeadlines`` by; tell the latter a response went out (answers
            // in parts pass through it).
            context.triggerUserOutboundEvent(HTTPResponseSent(), promise: nil)
            if let body {
                output.write(NIOAny(head), promise: nil)
                written = flush(NIOAny(body), through: output, closeAfter: closeAfter)
            } else {
                written = flush(NIOAny(head), through: output, closeAfter: closeAfter)
            }
        case .parts(let head, let body):
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            if let body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
            written = flush(wrapOutboundOut(.end(nil)), through: context, closeAfter: closeAfter)
        }
        if let written {
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            return
        }
        state = .idle
        drainWaiting(context: context)
    }

    /// Writes and flushes the last part; with `closeAfter`, the future of that write (the connection closes once
    /// it is done).
    private func flush(_ part: NIOAny, through output: ChannelHandlerContext, closeAfter: Bool) -> EventLoopFuture<
        Void
    >? {
        guard closeAfter else {
            output.writeAndFlush(part, promise: nil)
            return nil
        }
        return output.writeAndFlush(part)
    }

    private func drainWaiting(context: ChannelHandlerContext) {
        if !waiting.isEmpty {
            while !isBlocked, let part = waiting.popFirst() {
                dispatch(part, context: context)
            }
            // The router's channel hands reads on at the end of a read burst; this one happened outside a read.
            context.fireChannelReadComplete()
        }
        if quiesceHeld && !isAnswering && waiting.isEmpty {
            quiesceHeld = false
            context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }

    // MARK: Outbound (the router's responses)

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        guard case .end = unwrapOutboundIn(data), case .passing(let requestEnded, _) = state else { return }
        if requestEnded {
            state = .idle
            drainWaiting(context: context)
        } else {
            state = .passing(requestEnded: false, responseEnded: true)
        }
    }
}
