import LambCore
import NIOCore
import NIOPosix

/// The Runtime API listener of one execution environment, on a loopback port of its own (the port identifies the
/// environment, so no request needs to say which environment it belongs to).
public final class RuntimeAPIServer: Sendable {
    public let port: Int
    public let host: String
    private let channel: any Channel
    public let admission: RuntimeAPIAdmission
    private let connections: OpenConnections

    private init(
        host: String, port: Int, channel: any Channel, admission: RuntimeAPIAdmission, connections: OpenConnections
    ) {
        self.host = host
        self.port = port
        self.channel = channel
        self.admission = admission
        self.connections = connections
    }

    /// `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`.
    public var address: String { "\(host):\(port)" }

    public static func start(
        group: any EventLoopGroup, host: String = "127.0.0.1", mailbox: RuntimeMailbox,
        admission: RuntimeAPIAdmission = .anyone
    ) async throws -> RuntimeAPIServer {
        let connections = OpenConnections()
        let channel = try await ServerBootstrap(group: group)
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
            .bind(host: host, port: 0)
            .get()
        let port = channel.localAddress?.port ?? 0
        return RuntimeAPIServer(
            host: host, port: port, channel: channel, admission: admission, connections: connections)
    }

    /// Stops listening and closes the connections still open.
    public func close() async {
        admission.close()
        try? await channel.close()
        await connections.closeAll()
    }
}
