import Foundation
import HTTPTypes
import LambCore
import LambEngine
import NIOCore
import NIOHTTP1

/// Answers synchronous Invoke requests (`POST /2015-03-31/functions/{name}/invocations`, `RequestResponse`) on the
/// connection's event loop, in front of Hummingbird; every other request goes through untouched.
///
/// It sits right behind NIO's HTTP/1 decoder and writes its answers as raw bytes past NIO's encoder: the router path
/// (Hummingbird's HTTPTypes conversion both ways, its connection state handler, an async-sequence read, a route
/// lookup, an async writer) costs a large share of a warm invocation, which is otherwise a few microseconds of
/// bookkeeping around the runtime's answer. Both paths answer through ``SyncInvocation``, so callers see no
/// difference.
///
/// Requests on one connection are answered in order, as HTTP/1.1 requires even when a client pipelines: while an
/// invocation runs, or while the router still owes a response, later request parts wait here. A server shutdown's
/// quiesce event waits too while an invocation runs here, so that the connection closes after its answer. Each answer
/// is announced with ``HTTPResponseSent`` to ``ClientDeadlines``, which sees only the router's responses pass.
final class InvokeFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        /// Reading the body of an invocation this handler answers.
        case collecting(Pending)
        /// The invocation runs.
        case invoking
        /// A request the router answers: its parts pass until its end, and it is over once the router has also
        /// written its response's end.
        case passing(requestEnded: Bool, responseEnded: Bool)
    }

    private struct Pending {
        var head: HTTPRequestHead
        /// The request headers the invocation reads.
        var fields: HTTPFields
        /// The function and options, or why Lambda refuses them (answered once the body has been read).
        var target: Result<SyncInvocation.Target, any Error>
        var body: ByteBuffer?
        var tooLarge = false
    }

    private var state = State.idle
    private var waiting = CircularBuffer<HTTPServerRequestPart>()
    private let invocation: SyncInvocation
    private let executor: EventLoopTaskExecutor
    /// The context of NIO's response encoder: raw bytes written through it go straight to the socket.
    private var rawOutput: ChannelHandlerContext?
    /// A shutdown's quiesce event held back while an invocation runs here.
    private var quiesceHeld = false

    init(invocation: SyncInvocation, executor: EventLoopTaskExecutor) {
        self.invocation = invocation
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

    /// An invocation of this handler's is being read or run.
    private var isAnswering: Bool {
        switch state {
        case .collecting, .invoking: true
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

    /// Whether request parts must wait: an invocation runs, or the router still owes the previous response.
    private var isBlocked: Bool {
        switch state {
        case .invoking, .passing(requestEnded: true, _): true
        case .idle, .collecting, .passing(requestEnded: false, _): false
        }
    }

    private func dispatch(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch state {
        case .idle:
            if case .head(let head) = part, let pending = claim(head) {
                state = .collecting(pending)
            } else {
                pass(part, context: context)
            }
        case .collecting(var pending):
            switch part {
            case .head: preconditionFailure("a request head inside a request body")
            case .body(var chunk):
                if pending.tooLarge { return }
                let size = (pending.body?.readableBytes ?? 0) + chunk.readableBytes
                if size > Quotas.syncPayloadBytes {
                    pending.tooLarge = true
                    pending.body = nil
                } else if pending.body == nil {
                    pending.body = chunk
                } else {
                    pending.body!.writeBuffer(&chunk)
                }
                state = .collecting(pending)
            case .end:
                state = .invoking
                run(pending, context: context)
            }
        case .passing(requestEnded: false, _):
            pass(part, context: context)
        case .invoking, .passing(requestEnded: true, _):
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

    /// The invocation this handler answers, or `nil` for a request the router should see (other paths, other
    /// invocation types, `Expect: 100-continue`, which the router's stack handles).
    private func claim(_ head: HTTPRequestHead) -> Pending? {
        guard head.method == .POST, let (name, query) = InvokePath.parse(head.uri) else { return nil }
        let invocationType = head.headers.first(name: LambdaAPIWire.Header.invocationType)
        guard invocationType == nil || invocationType == "RequestResponse", !head.headers.contains(name: "expect") else {
            return nil
        }
        var fields = HTTPFields()
        for name in SyncInvocation.requestHeaders {
            if let value = head.headers.first(name: name.rawName) { fields[name] = value }
        }
        let target = Result { [fields] () throws -> SyncInvocation.Target in
            try invocation.target(
                functionName: InvokePath.percentDecoded(name), qualifier: query.flatMap(InvokePath.qualifier(in:)),
                headers: fields)
        }
        return Pending(head: head, fields: fields, target: target)
    }

    // MARK: Invocation

    private func run(_ pending: Pending, context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let invocation = invocation
        let closeAfter = !pending.head.isKeepAlive
        let target = pending.target
        let tooLarge = pending.tooLarge
        let body = pending.body ?? ByteBuffer()
        let headers = pending.fields
        Task(executorPreference: executor) {
            let answer: (HTTPResponse.Status, HTTPFields, ByteBuffer)
            do {
                let target = try target.get()
                if tooLarge { throw SyncInvocation.payloadTooLarge }
                let (fields, payload) = try await invocation.run(target, headers: headers, payload: body)
                answer = (.ok, fields, payload)
            } catch let error as LambError {
                answer = AWSResponse.errorParts(error)
            } catch {
                answer = AWSResponse.errorParts(LambError.service("Lamb failed to handle the request: \(error)"))
            }
            let respond: @Sendable () -> Void = {
                loopBound.value.handler.respond(answer, closeAfter: closeAfter, context: loopBound.value.context)
            }
            if eventLoop.inEventLoop { respond() } else { eventLoop.execute(respond) }
        }
    }

    private func respond(_ answer: (HTTPResponse.Status, HTTPFields, ByteBuffer), closeAfter: Bool, context: ChannelHandlerContext) {
        let (status, fields, body) = answer
        let output = rawOutput ?? context
        var head = context.channel.allocator.buffer(capacity: 256 + (body.readableBytes <= 4096 ? body.readableBytes : 0))
        head.writeStaticString("HTTP/1.1 ")
        head.writeString(String(status.code))
        head.writeStaticString(" ")
        head.writeString(status.reasonPhrase)
        head.writeStaticString("\r\n")
        for field in fields {
            head.writeString(field.name.rawName)
            head.writeStaticString(": ")
            head.writeString(field.value)
            head.writeStaticString("\r\n")
        }
        head.writeStaticString("Content-Length: ")
        head.writeString(String(body.readableBytes))
        head.writeStaticString("\r\nDate: ")
        head.writeString(HTTPDate.now())
        head.writeStaticString(closeAfter ? "\r\nServer: Lamb\r\nConnection: close\r\n\r\n" : "\r\nServer: Lamb\r\n\r\n")
        if body.readableBytes <= 4096 {
            var body = body
            head.writeBuffer(&body)
        } else {
            output.write(NIOAny(head), promise: nil)
            head = body
        }
        context.triggerUserOutboundEvent(HTTPResponseSent(), promise: nil)
        if closeAfter {
            output.writeAndFlush(NIOAny(head)).whenComplete { _ in context.close(promise: nil) }
            return
        }
        output.writeAndFlush(NIOAny(head), promise: nil)
        state = .idle
        drainWaiting(context: context)
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

/// The Invoke path: `/2015-03-31/functions/{FunctionName}/invocations[?Qualifier=...]`.
enum InvokePath {
    private static let prefix = "/2015-03-31/functions/"
    private static let suffix = "/invocations"

    /// The function name segment (still percent-encoded) and the query, or `nil` for any other path. Compares UTF-8
    /// bytes: `Substring.hasPrefix` compares characters, which is several times slower on every invocation.
    static func parse(_ path: String) -> (name: Substring, query: Substring?)? {
        let utf8 = path.utf8
        let routeEnd = utf8.firstIndex(of: UInt8(ascii: "?")) ?? utf8.endIndex
        let route = utf8[..<routeEnd]
        guard route.count > prefix.utf8.count + suffix.utf8.count, route.starts(with: prefix.utf8),
            route.reversed().starts(with: suffix.utf8.reversed())
        else { return nil }
        let nameStart = utf8.index(route.startIndex, offsetBy: prefix.utf8.count)
        let nameEnd = utf8.index(routeEnd, offsetBy: -suffix.utf8.count)
        guard !utf8[nameStart..<nameEnd].contains(UInt8(ascii: "/")) else { return nil }
        let query = routeEnd == utf8.endIndex ? nil : path[utf8.index(after: routeEnd)...]
        return (path[nameStart..<nameEnd], query)
    }

    /// The `Qualifier` query parameter, percent-decoded.
    static func qualifier(in query: Substring) -> String? {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts[0] == "Qualifier" { return parts.count > 1 ? percentDecoded(parts[1]) : "" }
        }
        return nil
    }

    /// `%XX` escapes decoded (botocore encodes the `:` of ARNs as `%3A`); text without escapes is returned as is.
    /// Also what the router's path parameters go through (`Parameters.decoded`).
    static func percentDecoded(_ text: Substring) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        return String(text).removingPercentEncoding ?? String(text)
    }
}
