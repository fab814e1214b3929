import Hummingbird
import Logging
import ServiceLifecycle

/// The HTTP front door on `--gateway-port`: a second Hummingbird server in Lamb's service group, stopped before the
/// engine (services stop in reverse order) so that requests in flight finish first.
struct GatewayService: Service {
    let responder: GatewayResponder
    let address: GatewayAddress
    let limits: ConnectionLimits
    let logger: Logger
    /// Called once the port is bound, with it.
    let onReady: @Sendable (Int) async -> Void

    func run() async throws {
        // Pinned to each connection's event loop as the Lambda API's server is: a request's work then stays on one
        // thread (the gateway benchmark measured ~60 µs of thread hops per request without it). Requests for a
        // function are answered in front of the router (``GatewayFastPath``), the rest by `responder`.
        let app = Application(
            responder: responder,
            server: .loopPinnedHTTP1(
                fastPath: GatewayFastPath(exchange: responder.exchange), limits: limits, server: "gateway",
                logger: logger),
            configuration: .init(address: .hostname(address.host, port: address.currentPort), reuseAddress: true),
            onServerRunning: { [address, onReady] channel in
                let port = channel.localAddress?.port ?? 0
                address.bound(to: port)
                await onReady(port)
            },
            logger: logger)
        try await app.run()
    }
}
