import Hummingbird
import LambEngine
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 connection, with the connection's task pinned to the connection's event loop.
///
/// By default each request's async handler runs on Swift's global executor: every read, every write, and every
/// resumption after awaiting a runtime hops between the event-loop thread and a pool thread. Pinning the task to the
/// loop keeps a warm invocation on one thread from the request's first byte to the response's last, which is most of
/// Lamb's warm-path latency (see docs/benchmarks.md).
struct LoopPinnedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value
    let inner: HTTP1Channel

    var responder: HTTPChannelHandler.Responder { inner.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        let executor = EventLoopTaskExecutor(value.channel.eventLoop)
        await withTaskExecutorPreference(executor) {
            await inner.handle(value: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with each connection's work kept on its event loop.
    static func loopPinnedHTTP1() -> HTTPServerBuilder {
        .init { responder in LoopPinnedHTTP1Channel(inner: HTTP1Channel(responder: responder)) }
    }
}
