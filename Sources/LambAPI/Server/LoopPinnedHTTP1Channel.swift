import Hummingbird
import HummingbirdCore
import LambEngine
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 connection with two changes for the warm invoke path:
///
/// - The connection's task is pinned to the connection's event loop. By default each request's async handler runs on
///   Swift's global executor, so every read, write, and resumption after awaiting a runtime hops between the
///   event-loop thread and a pool thread. Pinned, a warm invocation stays on one thread from the request's first
///   byte to the response's last.
/// - ``SignedRequestGate`` checks signatures first, on connections that must sign (``APIAccessPolicy``).
/// - A ``ConnectionFastPath`` may sit in front of the router and answer the requests it claims itself: synchronous
///   invocations on the Lambda API's server (``InvokeFastPath``), routes and Function URLs on the gateway's
///   (``GatewayFastPath``).
/// - ``ConnectionLimits`` apply: connections beyond the cap are closed at once (``ConnectionCap``), and
///   ``ClientDeadlines``, right behind the decoder, closes those whose client is too slow to send or asked to close.
///
/// The pipeline is otherwise Hummingbird's own (`HTTP1Channel.setup`): NIO's HTTP/1 codec, the HTTP-types codec,
/// the connection-state handler that closes idle connections at shutdown, and the async channel the router reads.
struct LoopPinnedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    /// Makes the handler that answers requests in front of the router for a connection on an event loop, if any.
    let fastPath: (@Sendable (any EventLoop) -> any ChannelHandler)?
    /// Who may call (the Lambda API's server); nil for the gateway, which serves anyone.
    let access: APIAccessPolicy?
    let limits: ConnectionLimits
    let cap: ConnectionCap
    /// How a request that breaks HTTP is answered (the Lambda API's AWS-shaped 400); nil: a bare 400.
    let malformedAnswer: ClientDeadlines.MalformedAnswer?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            guard cap.admit(channel) else {
                // Failing the set-up would end the server's accept loop: hand Hummingbird a closed channel instead.
                let value = try Value(wrappingChannelSynchronously: channel)
                channel.close(promise: nil)
                return value
            }
            // Hummingbird's default limits.
            var decoderLimits = NIOHTTPDecoderLimitConfiguration()
            decoderLimits.maxHeaderFieldSize = 80 * 1024
            decoderLimits.maxHeaderListSize = 80 * 1024
            decoderLimits.maxHeaderFieldCount = 1000
            let pipeline = channel.pipeline.syncOperations
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: decoderLimits)
            try pipeline.addHandler(
                ClientDeadlines(
                    limits: limits, logger: logger, malformedAnswer: malformedAnswer))
            if let access, case .signature(let fromEnvironment) = access.requirement(for: channel) {
                try pipeline.addHandler(SignedRequestGate(policy: access, fromEnvironment: fromEnvironment))
            }
            if let fastPath { try pipeline.addHandler(fastPath(channel.eventLoop)) }
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: nil, logger: logger))
            return try NIOAsyncChannel(
                wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await handleHTTP(asyncChannel: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with each connection's work kept on its event loop, and (given `invocation`) synchronous invocations
    /// answered in front of the router. `server` names it in the connection cap's log lines.
    static func loopPinnedHTTP1(
        invocation: SyncInvocation?, access: APIAccessPolicy? = nil, limits: ConnectionLimits, server: String,
        logger: Logger
    ) -> HTTPServerBuilder {
        loopPinnedHTTP1(
            fastPath: invocation.map(InvokeFastPath.init(invocation:)), access: access, limits: limits, server: server,
            logger: logger, malformedAnswer: AWSResponse.malformedRequest)
    }

    /// HTTP/1 with each connection's work kept on its event loop, the requests `fastPath` claims answered in front
    /// of the router, (given `access`) signatures checked first where a connection must sign, and `limits` applied.
    /// `malformedAnswer` answers a request that breaks HTTP (the Lambda API's AWS-shaped 400; nil: a bare 400).
    static func loopPinnedHTTP1(
        fastPath answerer: (some FastPathAnswerer)?, access: APIAccessPolicy? = nil, limits: ConnectionLimits,
        server: String, logger: Logger, malformedAnswer: ClientDeadlines.MalformedAnswer? = nil
    ) -> HTTPServerBuilder {
        let fastPath = answerer.map { answerer in
            { @Sendable (loop: any EventLoop) -> any ChannelHandler in
                ConnectionFastPath(answerer: answerer, executor: EventLoopTaskExecutor(loop))
            }
        }
        let cap = ConnectionCap(limit: limits.maxConnections, server: server, logger: logger)
        return .init { responder in
            LoopPinnedHTTP1Channel(
                responder: responder, fastPath: fastPath, access: access, limits: limits, cap: cap,
                malformedAnswer: malformedAnswer)
        }
    }
}
