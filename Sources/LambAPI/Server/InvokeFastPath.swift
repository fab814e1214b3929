import Foundation
import HTTPTypes
import LambCore
import LambEngine
import NIOCore
import NIOHTTPTypes

/// Answers synchronous Invoke requests (`POST /2015-03-31/functions/{name}/invocations`, `RequestResponse`) on the
/// connection's event loop, in front of Hummingbird's router; every other request goes through untouched.
///
/// The router path costs an async-sequence read, a route lookup, and an async writer per request: a large share of a
/// warm invocation, which is otherwise a few microseconds of bookkeeping around the runtime's answer. Both paths
/// answer through ``SyncInvocation``, so callers see no difference.
///
/// Requests on one connection are answered in order, as HTTP/1.1 requires even when a client pipelines: while an
/// invocation runs, or while the router still owes a response, later request parts wait here.
final class InvokeFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

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
        var head: HTTPRequest
        /// The function and options, or why Lambda refuses them (answered once the body has been read).
        var target: Result<SyncInvocation.Target, any Error>
        var body: ByteBuffer?
        var tooLarge = false
    }

    private var state = State.idle
    private var waiting = CircularBuffer<HTTPRequestPart>()
    private let invocation: SyncInvocation
    private let executor: EventLoopTaskExecutor

    init(invocation: SyncInvocation, executor: EventLoopTaskExecutor) {
        self.invocation = invocation
        self.executor = executor
    }

    // MARK: Inbound

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

    private func dispatch(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
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

    private func pass(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
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
    private func claim(_ head: HTTPRequest) -> Pending? {
        guard head.method == .post, let path = head.path, let (name, query) = InvokePath.parse(path) else { return nil }
        let invocationType = head.headerFields[.amzInvocationType]
        guard invocationType == nil || invocationType == "RequestResponse", head.headerFields[.expect] == nil else {
            return nil
        }
        let target = Result { () throws -> SyncInvocation.Target in
            try invocation.target(
                functionName: InvokePath.percentDecoded(name), qualifier: query.flatMap(InvokePath.qualifier(in:)),
                headers: head.headerFields)
        }
        return Pending(head: head, target: target)
    }

    // MARK: Invocation

    private func run(_ pending: Pending, context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let invocation = invocation
        let closeAfter = pending.head.headerFields[.connection]?.lowercased() == "close"
        let target = pending.target
        let tooLarge = pending.tooLarge
        let body = pending.body ?? ByteBuffer()
        let headers = pending.head.headerFields
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
        var (status, fields, body) = answer
        fields[.contentLength] = String(body.readableBytes)
        fields[.date] = HTTPDate.now()
        fields[.server] = "Lamb"
        if closeAfter { fields[.connection] = "close" }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: fields))), promise: nil)
        if body.readableBytes > 0 { context.write(wrapOutboundOut(.body(body)), promise: nil) }
        body = ByteBuffer()
        if closeAfter {
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
            return
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        state = .idle
        drainWaiting(context: context)
    }

    private func drainWaiting(context: ChannelHandlerContext) {
        guard !waiting.isEmpty else { return }
        while !isBlocked, let part = waiting.popFirst() {
            dispatch(part, context: context)
        }
        // The router's channel hands reads on at the end of a read burst; this one happened outside a read.
        context.fireChannelReadComplete()
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
