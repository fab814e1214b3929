import LambCore
import NIOCore

/// Runtime API answers as raw HTTP/1.1 bytes.
///
/// Every warm invocation writes two answers (the event to `/next`, the 202 to the response post); building them
/// straight into a buffer skips NIO's header map, encoder, and the handlers that watch responses go by, none of
/// which a runtime's simple, sequential client needs.
enum RuntimeAPIResponse {
    /// Writes and (unless `flush` is false) flushes one answer; with `keepAlive` false the connection closes after it.
    static func write(
        context: ChannelHandlerContext, status: Int, headers: [(String, String)] = [], body: ByteBuffer,
        keepAlive: Bool, flush: Bool = true
    ) {
        var head = context.channel.allocator.buffer(capacity: 192)
        head.writeStaticString("HTTP/1.1 ")
        head.writeString(String(status))
        head.writeStaticString(" ")
        head.writeStaticString(reason(status))
        head.writeStaticString("\r\nContent-Type: application/json\r\n")
        for (name, value) in headers {
            head.writeString(name)
            head.writeStaticString(": ")
            writeHeaderValue(value, into: &head)
            head.writeStaticString("\r\n")
        }
        head.writeStaticString("Content-Length: ")
        head.writeString(String(body.readableBytes))
        head.writeStaticString(keepAlive ? "\r\n\r\n" : "\r\nConnection: close\r\n\r\n")
        if body.readableBytes <= 4096 {
            var body = body
            head.writeBuffer(&body)
            if flush || !keepAlive { write(context: context, head, keepAlive: keepAlive) } else { context.write(NIOAny(head), promise: nil) }
        } else {
            context.write(NIOAny(head), promise: nil)
            if flush || !keepAlive { write(context: context, body, keepAlive: keepAlive) } else { context.write(NIOAny(body), promise: nil) }
        }
    }

    /// `100 Continue`, for a client that waits for it before sending a body (curl does above 1 KB).
    static func writeContinue(context: ChannelHandlerContext) {
        context.writeAndFlush(NIOAny(ByteBuffer(staticString: "HTTP/1.1 100 Continue\r\n\r\n")), promise: nil)
    }

    /// `400` and close, for bytes that are not HTTP.
    static func writeBadRequest(context: ChannelHandlerContext) {
        let answer = ByteBuffer(staticString: "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        write(context: context, answer, keepAlive: false)
    }

    private static func write(context: ChannelHandlerContext, _ buffer: ByteBuffer, keepAlive: Bool) {
        if keepAlive {
            context.writeAndFlush(NIOAny(buffer), promise: nil)
        } else {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(NIOAny(buffer)).whenComplete { _ in loopBound.value.close(promise: nil) }
        }
    }

    /// Header values come partly from callers (the client context is JSON, which may hold line breaks); a line break
    /// would end the header, so it is sent as a space (JSON whitespace either way).
    private static func writeHeaderValue(_ value: String, into buffer: inout ByteBuffer) {
        guard value.utf8.contains(where: { $0 == 13 || $0 == 10 }) else {
            buffer.writeString(value)
            return
        }
        buffer.writeBytes(value.utf8.map { $0 == 13 || $0 == 10 ? UInt8(ascii: " ") : $0 })
    }

    private static func reason(_ status: Int) -> StaticString {
        switch status {
        case 200: "OK"
        case 202: "Accepted"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 410: "Gone"
        case 413: "Payload Too Large"
        default: "Error"
        }
    }
}
