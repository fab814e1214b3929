import Synchronization

/// The port the gateway listens on, once it does: Function URLs are answered with it (`--gateway-port 0` picks a
/// free port, known only after binding).
public final class GatewayAddress: Sendable {
    public let host: String
    private let port: Mutex<Int>

    public init(host: String, port: Int) {
        self.host = host
        self.port = Mutex(port)
    }

    public var currentPort: Int { port.withLock { $0 } }

    func bound(to port: Int) { self.port.withLock { $0 = port } }
}
