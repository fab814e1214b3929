import LambCore
import NIOCore
import NIOHTTP1

/// Parses Runtime API requests on one connection and answers them from the environment's mailbox.
final class RuntimeAPIHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let mailbox: RuntimeMailbox
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var bodyTooLarge = false

    init(mailbox: RuntimeMailbox) {
        self.mailbox = mailbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            self.body = nil
            self.bodyTooLarge = false
        case .body(var chunk):
            guard !bodyTooLarge else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > Quotas.runtimeResponseBytes {
                bodyTooLarge = true
                body = nil
                return
            }
            if body == nil {
                body = chunk
            } else {
                body!.writeBuffer(&chunk)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            route(context: context, head: head, body: body ?? context.channel.allocator.buffer(capacity: 0))
            body = nil
        }
    }

    private func route(context: ChannelHandlerContext, head: HTTPRequestHead, body: ByteBuffer) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let keepAlive = head.isKeepAlive
        if head.method == .GET && path == RuntimeAPIWire.nextPath {
            handleNext(context: context, keepAlive: keepAlive)
            return
        }
        if head.method == .POST && path == RuntimeAPIWire.initErrorPath {
            let rejection = mailbox.postInitError(body: body, errorTypeHeader: errorTypeHeader(head))
            answerPost(context: context, rejection: rejection, keepAlive: keepAlive)
            return
        }
        if head.method == .POST && path.hasPrefix(RuntimeAPIWire.invocationPrefix) {
            let rest = path.dropFirst(RuntimeAPIWire.invocationPrefix.count).split(separator: "/", omittingEmptySubsequences: false)
            if rest.count == 2 && (rest[1] == "response" || rest[1] == "error") {
                let requestId = String(rest[0])
                let rejection: RuntimeAPIRejection?
                if requestId.isEmpty {
                    rejection = .invalidRequestID
                } else if rest[1] == "response" {
                    rejection = postResponse(head: head, requestId: requestId, body: body)
                } else {
                    rejection = mailbox.postError(requestId: requestId, body: body, errorTypeHeader: errorTypeHeader(head))
                }
                answerPost(context: context, rejection: rejection, keepAlive: keepAlive)
                return
            }
        }
        if head.method == .GET && path == RuntimeAPIWire.restoreNextPath, let channel = mailbox.restore {
            parkRestore(context: context, channel: channel, head: head, keepAlive: keepAlive)
            return
        }
        if head.method == .POST && path == RuntimeAPIWire.restoreErrorPath {
            // A restored environment's after-restore hook failed: its "init" failed.
            let rejection = mailbox.postInitError(body: body, errorTypeHeader: errorTypeHeader(head))
            answerPost(context: context, rejection: rejection, keepAlive: keepAlive)
            return
        }
        if path == RuntimeAPIWire.restoreNextPath || path == RuntimeAPIWire.restoreErrorPath {
            // Only SnapStart environments are restored; any other caller is out of order.
            answer(context: context, rejection: .invalidStateTransition(from: "Ready", to: "RestoreNext"), keepAlive: keepAlive)
            return
        }
        answer(context: context, rejection: .notFound, keepAlive: keepAlive)
    }

    private func postResponse(head: HTTPRequestHead, requestId: String, body: ByteBuffer) -> RuntimeAPIRejection? {
        if let mode = head.headers.first(name: RuntimeAPIWire.Header.responseMode), mode.lowercased() != "streaming" {
            return .invalidResponseMode
        }
        if bodyTooLarge {
            if let rejection = mailbox.postResponseTooLarge(requestId: requestId) { return rejection }
            return .payloadTooLarge
        }
        return mailbox.postResponse(requestId: requestId, body: body, contentType: head.headers.first(name: "content-type"))
    }

    /// A SnapStart template parks on `/restore/next`; Lamb's headers report its own pid (first park) or the process
    /// serving the previous restore order (the path stays awslambdaric's).
    private func parkRestore(context: ChannelHandlerContext, channel: RestoreChannel, head: HTTPRequestHead, keepAlive: Bool) {
        let order = head.headers.first(name: RuntimeAPIWire.Header.restoreId)
        let pid = head.headers.first(name: RuntimeAPIWire.Header.restorePid).flatMap { Int32($0) }
        let selfPid = head.headers.first(name: RuntimeAPIWire.Header.restoreSelf).flatMap { Int32($0) }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        // Parked (and its pid known) before the snapshot counts as ready: the engine may restore from it at once.
        defer { mailbox.snapshotReady() }
        channel.park(
            { body in
                eventLoop.execute {
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: "application/json")
                    Self.write(context: loopBound.value, status: .ok, headers: headers, body: body, keepAlive: keepAlive)
                }
            }, reportedOrder: order, pid: pid, selfPid: selfPid)
    }

    private func errorTypeHeader(_ head: HTTPRequestHead) -> String? {
        head.headers.first(name: RuntimeAPIWire.Header.functionErrorType)
    }

    private func handleNext(context: ChannelHandlerContext, keepAlive: Bool) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let responder: RuntimeMailbox.NextResponder = { event in
            eventLoop.execute {
                Self.writeEvent(context: loopBound.value, event: event, keepAlive: keepAlive)
            }
        }
        switch mailbox.next(responder) {
        case .parked:
            break
        case .respond(let event):
            Self.writeEvent(context: context, event: event, keepAlive: keepAlive)
        case .reject(let rejection):
            answer(context: context, rejection: rejection, keepAlive: keepAlive)
        }
    }

    private static func writeEvent(context: ChannelHandlerContext, event: InvocationEvent, keepAlive: Bool) {
        var headers = HTTPHeaders()
        headers.reserveCapacity(10)
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: RuntimeAPIWire.Header.requestId, value: event.requestId)
        headers.add(name: RuntimeAPIWire.Header.deadlineMs, value: String(event.deadlineMs))
        headers.add(name: RuntimeAPIWire.Header.invokedFunctionArn, value: event.invokedFunctionArn)
        headers.add(name: RuntimeAPIWire.Header.traceId, value: event.traceId)
        headers.add(name: RuntimeAPIWire.Header.invocationId, value: event.invocationId)
        if let clientContext = event.clientContext {
            headers.add(name: RuntimeAPIWire.Header.clientContext, value: clientContext)
        }
        if let identity = event.cognitoIdentity {
            headers.add(name: RuntimeAPIWire.Header.cognitoIdentity, value: identity)
        }
        if let tenant = event.tenantId {
            headers.add(name: RuntimeAPIWire.Header.tenantId, value: tenant)
        }
        write(context: context, status: .ok, headers: headers, body: event.payload, keepAlive: keepAlive)
    }

    private func answerPost(context: ChannelHandlerContext, rejection: RuntimeAPIRejection?, keepAlive: Bool) {
        guard let rejection else {
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            var body = context.channel.allocator.buffer(capacity: 16)
            body.writeStaticString(#"{"status":"OK"}"#)
            Self.write(context: context, status: .accepted, headers: headers, body: body, keepAlive: keepAlive)
            return
        }
        answer(context: context, rejection: rejection, keepAlive: keepAlive)
    }

    private func answer(context: ChannelHandlerContext, rejection: RuntimeAPIRejection, keepAlive: Bool) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        let json = FunctionErrorPayload.json(type: rejection.errorType, message: rejection.message).json
        let body = context.channel.allocator.buffer(string: json)
        Self.write(
            context: context, status: HTTPResponseStatus(statusCode: rejection.status), headers: headers, body: body,
            keepAlive: keepAlive)
    }

    private static func write(
        context: ChannelHandlerContext, status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer,
        keepAlive: Bool
    ) {
        var headers = headers
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: .http1_1, status: status, headers: headers)
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(body))), promise: nil)
        if keepAlive {
            context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
        } else {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil))).whenComplete { _ in
                loopBound.value.close(promise: nil)
            }
        }
    }
}
