import LambCore
import NIOCore

/// Reads Runtime API requests on one connection and answers them from the environment's mailbox.
final class RuntimeAPIHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let mailbox: RuntimeMailbox
    private var parser = RuntimeAPIRequestParser()
    /// The connection is closing after bytes that were not HTTP.
    private var failed = false
    /// A `202` for a result is written but not yet flushed (see ``channelReadComplete(context:)``).
    private var acceptHeld = false
    /// This connection's `/next` waits for an event.
    private var nextParked = false
    /// A `/response` in streaming mode whose body is still arriving.
    private var streamingPost: StreamingPost?

    private struct StreamingPost {
        var requestId: String
        /// `nil` when the post was refused (the body is read and dropped, and the refusal sent after it).
        var stream: ResponseStream?
        var rejection: RuntimeAPIRejection?
        var keepAlive: Bool
    }

    init(mailbox: RuntimeMailbox) {
        self.mailbox = mailbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        parser.feed(unwrapInboundIn(data))
        do {
            while true {
                if parser.streaming {
                    guard let part = try parser.nextStreamPart() else { return }
                    streamPart(context: context, part)
                    continue
                }
                let request = try parser.next()
                if parser.wantsContinue { RuntimeAPIResponse.writeContinue(context: context) }
                guard let request else { return }
                route(context: context, request: request)
            }
        } catch {
            // What NIO's protocol error handler answers.
            failed = true
            RuntimeAPIResponse.writeBadRequest(context: context)
        }
    }

    /// A runtime that sends its result and its next `/next` together (Lamb's Python shim does) gets the result's
    /// `202` together with its next event: it has nothing to do before that event anyway, and is frozen meanwhile.
    /// That saves a write and a wake-up of the runtime per invocation. A runtime that waits for the `202` before it
    /// asks for more gets it at the end of the read, as always.
    func channelReadComplete(context: ChannelHandlerContext) {
        if acceptHeld && !nextParked {
            acceptHeld = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    private func route(context: ChannelHandlerContext, request: RuntimeAPIRequest) {
        let path = request.path
        let keepAlive = request.keepAlive
        let body = request.body
        if request.method == .get && path == RuntimeAPIWire.nextPath {
            handleNext(context: context, keepAlive: keepAlive)
            return
        }
        if request.method == .post && path == RuntimeAPIWire.initErrorPath {
            let rejection = mailbox.postInitError(body: body, errorTypeHeader: request.functionErrorType)
            answerPost(context: context, rejection: rejection, keepAlive: keepAlive)
            return
        }
        if request.method == .post, let (requestId, action) = Self.invocationPost(path) {
            if request.streaming {
                beginStreamingPost(request, requestId: requestId)
                return
            }
            let rejection: RuntimeAPIRejection?
            if requestId.isEmpty {
                rejection = .invalidRequestID
            } else if action == .response {
                rejection = postResponse(request, requestId: requestId)
            } else {
                rejection = mailbox.postError(requestId: requestId, body: body, errorTypeHeader: request.functionErrorType)
            }
            answerPost(context: context, rejection: rejection, keepAlive: keepAlive)
            return
        }
        if request.method == .get && path == RuntimeAPIWire.restoreNextPath, let channel = mailbox.restore {
            parkRestore(context: context, channel: channel, request: request)
            return
        }
        if request.method == .post && path == RuntimeAPIWire.restoreErrorPath {
            // A restored environment's after-restore hook failed: its "init" failed.
            let rejection = mailbox.postInitError(body: body, errorTypeHeader: request.functionErrorType)
            answerPost(context: context, rejection: rejection, keepAlive: keepAlive)
            return
        }
        if Self.telemetryPaths.contains(path) {
            subscribeTelemetry(context: context, request: request, hub: mailbox.extensions)
            return
        }
        if path.hasPrefix(Self.extensionPrefix) {
            routeExtension(context: context, request: request, hub: mailbox.extensions)
            return
        }
        if path == RuntimeAPIWire.restoreNextPath || path == RuntimeAPIWire.restoreErrorPath {
            // Only SnapStart environments are restored; any other caller is out of order.
            answer(context: context, rejection: .invalidStateTransition(from: "Ready", to: "RestoreNext"), keepAlive: keepAlive)
            return
        }
        answer(context: context, rejection: .notFound, keepAlive: keepAlive)
    }

    enum PostAction { case response, error }

    /// `/2018-06-01/runtime/invocation/{id}/response` or `.../error`: the id (possibly empty) and which.
    static func invocationPost(_ path: String) -> (requestId: String, action: PostAction)? {
        let utf8 = path.utf8
        let prefix = RuntimeAPIWire.invocationPrefix.utf8
        guard utf8.starts(with: prefix) else { return nil }
        let rest = utf8.index(utf8.startIndex, offsetBy: prefix.count)
        guard let slash = utf8[rest...].firstIndex(of: UInt8(ascii: "/")) else { return nil }
        let last = utf8[utf8.index(after: slash)...]
        let action: PostAction
        if last.elementsEqual("response".utf8) {
            action = .response
        } else if last.elementsEqual("error".utf8) {
            action = .error
        } else {
            return nil
        }
        return (String(path[rest..<slash]), action)
    }

    private func postResponse(_ request: RuntimeAPIRequest, requestId: String) -> RuntimeAPIRejection? {
        if let mode = request.header(RuntimeAPIWire.Header.responseMode), mode.lowercased() != "streaming" {
            return .invalidResponseMode
        }
        if request.bodyTooLarge {
            if let rejection = mailbox.postResponseTooLarge(requestId: requestId) { return rejection }
            return .payloadTooLarge
        }
        return mailbox.postResponse(requestId: requestId, body: request.body, contentType: request.header("content-type"))
    }

    /// A `/response` in streaming mode: the invocation's caller gets the stream now, and its pieces as they come.
    /// The runtime's answer (202, or why not) waits for the end of the body, as RIE's does.
    private func beginStreamingPost(_ request: RuntimeAPIRequest, requestId: String) {
        let stream = ResponseStream(contentType: request.header("content-type"))
        let rejection: RuntimeAPIRejection? =
            requestId.isEmpty ? .invalidRequestID : mailbox.beginStream(requestId: requestId, stream)
        streamingPost = StreamingPost(
            requestId: requestId, stream: rejection == nil ? stream : nil, rejection: rejection,
            keepAlive: request.keepAlive)
    }

    private func streamPart(context: ChannelHandlerContext, _ part: RuntimeAPIRequestParser.StreamPart) {
        switch part {
        case .data(let bytes):
            streamingPost?.stream?.append(bytes)
        case .end(let trailers):
            guard let post = streamingPost else { return }
            streamingPost = nil
            var rejection = post.rejection
            if let stream = post.stream {
                let end = stream.overLimit ? .tooLarge : ResponseStream.End(trailers: trailers)
                if !mailbox.endStream(requestId: post.requestId, end) {
                    rejection = mailbox.failure == .timedOut ? .invokeTimeout : nil
                } else if end == .tooLarge {
                    rejection = .payloadTooLarge
                }
            }
            answerPost(context: context, rejection: rejection, keepAlive: post.keepAlive)
        }
    }

    /// A connection that closes in the middle of a streamed response ends it as a truncated one.
    func channelInactive(context: ChannelHandlerContext) {
        if let post = streamingPost, post.stream != nil {
            streamingPost = nil
            mailbox.endStream(requestId: post.requestId, .truncated)
        }
        context.fireChannelInactive()
    }

    /// A SnapStart template parks on `/restore/next`; Lamb's headers report its own pid (first park) or the process
    /// serving the previous restore order (the path stays awslambdaric's).
    private func parkRestore(context: ChannelHandlerContext, channel: RestoreChannel, request: RuntimeAPIRequest) {
        let keepAlive = request.keepAlive
        let order = request.header(RuntimeAPIWire.Header.restoreId)
        let pid = request.header(RuntimeAPIWire.Header.restorePid).flatMap { Int32($0) }
        let selfPid = request.header(RuntimeAPIWire.Header.restoreSelf).flatMap { Int32($0) }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        // Parked (and its pid known) before the snapshot counts as ready: the engine may restore from it at once.
        defer { mailbox.snapshotReady() }
        channel.park(
            { body in
                eventLoop.execute {
                    RuntimeAPIResponse.write(context: loopBound.value, status: 200, body: body, keepAlive: keepAlive)
                }
            }, reportedOrder: order, pid: pid, selfPid: selfPid)
    }

    private func handleNext(context: ChannelHandlerContext, keepAlive: Bool) {
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let responder: RuntimeMailbox.NextResponder = { event in
            // An invocation on this connection's loop (the usual case) writes at once: the engine thaws the
            // environment right after, with the event already on the socket.
            if eventLoop.inEventLoop {
                loopBound.value.handler.deliver(event, context: loopBound.value.context, keepAlive: keepAlive)
            } else {
                eventLoop.execute {
                    loopBound.value.handler.deliver(event, context: loopBound.value.context, keepAlive: keepAlive)
                }
            }
        }
        nextParked = true
        switch mailbox.next(responder) {
        case .parked:
            break
        case .respond(let event):
            deliver(event, context: context, keepAlive: keepAlive)
        case .reject(let rejection):
            nextParked = false
            answer(context: context, rejection: rejection, keepAlive: keepAlive)
        }
    }

    /// Answers the parked `/next` (flushing a held `202` with it).
    private func deliver(_ event: InvocationEvent, context: ChannelHandlerContext, keepAlive: Bool) {
        nextParked = false
        acceptHeld = false
        Self.writeEvent(context: context, event: event, keepAlive: keepAlive)
    }

    private static func writeEvent(context: ChannelHandlerContext, event: InvocationEvent, keepAlive: Bool) {
        var headers: [(String, String)] = [
            (RuntimeAPIWire.Header.requestId, event.requestId),
            (RuntimeAPIWire.Header.deadlineMs, String(event.deadlineMs)),
            (RuntimeAPIWire.Header.invokedFunctionArn, event.invokedFunctionArn),
            (RuntimeAPIWire.Header.traceId, event.traceId),
            (RuntimeAPIWire.Header.invocationId, event.invocationId),
        ]
        if let clientContext = event.clientContext {
            headers.append((RuntimeAPIWire.Header.clientContext, clientContext))
        }
        if let identity = event.cognitoIdentity {
            headers.append((RuntimeAPIWire.Header.cognitoIdentity, identity))
        }
        if let tenant = event.tenantId {
            headers.append((RuntimeAPIWire.Header.tenantId, tenant))
        }
        RuntimeAPIResponse.write(context: context, status: 200, headers: headers, body: event.payload, keepAlive: keepAlive)
    }

    private func answerPost(context: ChannelHandlerContext, rejection: RuntimeAPIRejection?, keepAlive: Bool) {
        guard let rejection else {
            let body = ByteBuffer(staticString: #"{"status":"OK"}"#)
            // Flushed at the end of this read, or with the next event (channelReadComplete).
            acceptHeld = keepAlive
            RuntimeAPIResponse.write(context: context, status: 202, body: body, keepAlive: keepAlive, flush: !keepAlive)
            return
        }
        answer(context: context, rejection: rejection, keepAlive: keepAlive)
    }

    private func answer(context: ChannelHandlerContext, rejection: RuntimeAPIRejection, keepAlive: Bool) {
        let json = FunctionErrorPayload.json(type: rejection.errorType, message: rejection.message).json
        RuntimeAPIResponse.write(
            context: context, status: rejection.status, body: ByteBuffer(string: json), keepAlive: keepAlive)
    }
}
