import LambCore
import NIOCore
import NIOPosix
import Synchronization

/// The Runtime API listener of one execution environment, on a loopback port of its own (the port identifies the
/// environment, so no request needs to say which environment it belongs to): a port of the host's loopback, or, with
/// `--network isolated`, a socket made inside the environment's own network namespace (``BoundSocket``).
public final class RuntimeAPIServer: Sendable {
    public let port: Int
    public let host: String
    private let channel: any Channel
    public let admission: RuntimeAPIAdmission
    private let connections: OpenConnections

    private let onClose: @Sendable () -> Void
    private let closed = Mutex(false)

    private init(
        host: String, port: Int, channel: any Channel, admission: RuntimeAPIAdmission, connections: OpenConnections,
        onClose: @escaping @Sendable () -> Void = {}
    ) {
        self.host = host
        self.port = port
        self.channel = channel
        self.admission = admission
        self.connections = connections
        self.onClose = onClose
    }

    /// `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`.
    public var address: String { "\(host):\(port)" }

    /// A socket already bound and listening, made elsewhere (inside an environment's network namespace, where it
    /// stays: the runtime reaches it there, Lamb serves it from its own threads).
    public struct BoundSocket: Sendable {
        public var descriptor: Int32
        /// Its address, as the runtime dials it.
        public var host: String
        public var port: Int
        /// Called once the server has stopped listening (``RuntimeAPIServer/close()``): what the socket lived in
        /// (an environment's network namespace) can go.
        public var onClose: @Sendable () -> Void

        public init(descriptor: Int32, host: String, port: Int, onClose: @escaping @Sendable () -> Void = {}) {
            self.descriptor = descriptor
            self.host = host
            self.port = port
            self.onClose = onClose
        }
    }

    /// Listens on `host` at a free port, or serves `boundSocket` (which it then owns and closes; if adopting it fails,
    /// NIO may or may not have closed it, so it is left alone).
    public static func start(
        group: any EventLoopGroup, host: String = "127.0.0.1", mailbox: RuntimeMailbox,
        admission: RuntimeAPIAdmission = .anyone, boundSocket: BoundSocket? = nil
    ) async throws -> RuntimeAPIServer {
        let connections = OpenConnections()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                connections.track(channel)
                // Nothing is read from a connection until it is admitted (the channel registers for reads after
                // this future); a refused one is closed.
                return admission.check(channel).flatMapThrowing {
                    // Requests are read and answered as raw bytes (see RuntimeAPIRequestParser, RuntimeAPIResponse).
                    try channel.pipeline.syncOperations.addHandler(RuntimeAPIHandler(mailbox: mailbox))
                }
            }
        guard let boundSocket else {
            let channel = try await bootstrap.bind(host: host, port: 0).get()
            let port = channel.localAddress?.port ?? 0
            return RuntimeAPIServer(
                host: host, port: port, channel: channel, admission: admission, connections: connections)
        }
        let channel = try await bootstrap.withBoundSocket(boundSocket.descriptor).get()
        return RuntimeAPIServer(
            host: boundSocket.host, port: boundSocket.port, channel: channel, admission: admission,
            connections: connections, onClose: boundSocket.onClose)
    }

    /// Stops listening and closes the connections still open.
    public func close() async {
        admission.close()
        try? await channel.close()
        await connections.closeAll()
        let first = closed.withLock { wasClosed in
            defer { wasClosed = true }
            return !wasClosed
        }
        if first { onClose() }
    }
}
