import CLambSandbox
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One environment's network namespace (`lamb serve --network isolated`): nothing in it but its loopback. Lamb holds
/// it open while the environment lives; the runtime joins it through the jail (`lamb-jail --netns-fd`), and a
/// SnapStart template's restores live in their template's. Each environment using it releases it when its Runtime API
/// closes (``release()``), explicitly rather than when the last reference goes, so that its descriptors never outlive
/// the environments that needed them.
///
/// Sockets belong to the namespace they were made in, whichever thread later uses them: the Runtime API's listener
/// is made inside (``listen(port:)``), then served by NIO from Lamb's own threads in the host's namespace, and the
/// owners of its connections are looked up through a sock_diag socket made inside too (``ownerUID(local:peer:)``).
public final class NetworkNamespace: Sendable {
    /// The namespace (an nsfs descriptor, close-on-exec) and its sock_diag socket, while any environment uses them.
    private let state: Mutex<State>

    private struct State {
        var descriptor: Int32
        /// A NETLINK_SOCK_DIAG socket inside; one request at a time (under the lock).
        var diagnostics: Int32
        /// Environments using the namespace (its own, and SnapStart restores in a template's); at 0 the
        /// descriptors are closed and nothing more can be made in it.
        var users = 1
        var isOpen: Bool { users > 0 }

        mutating func closeAll() {
            if descriptor >= 0 { close(descriptor) }
            if diagnostics >= 0 { close(diagnostics) }
            descriptor = -1
            diagnostics = -1
            users = 0
        }
    }

    init(descriptor: Int32, diagnostics: Int32) {
        state = Mutex(State(descriptor: descriptor, diagnostics: diagnostics))
    }

    deinit {
        state.withLock { $0.closeAll() }
    }

    /// The namespace's descriptor, for the jail to join (`-1` once every user has released it). Valid while the
    /// caller's environment has not released it.
    public var descriptor: Int32 { state.withLock { $0.descriptor } }

    /// A new socket listening on `127.0.0.1:port` inside (0: a free port), close-on-exec and non-blocking; the caller
    /// owns it. A few microseconds: the calling thread steps in and out of the namespace.
    func listen(port: Int = 0) throws(SandboxError) -> (socket: Int32, port: Int) {
        let result = state.withLock { s -> (Int32, Int32, UInt16) in
            guard s.isOpen else { return (EBADF, -1, 0) }
            var socket: Int32 = -1
            var bound: UInt16 = 0
            let rc = lamb_netns_listen(s.descriptor, UInt16(port), &socket, &bound)
            if rc == 0 { s.users += 1 }
            return (rc, socket, bound)
        }
        guard result.0 == 0 else { throw SandboxError(operation: "listen inside a network namespace", errno: result.0) }
        return (result.1, Int(result.2))
    }

    /// A further environment in this namespace (a SnapStart restore, in its template's): a listener on a free port.
    /// It counts as a user until it releases the namespace (``release()``).
    public func newListener() throws(SandboxError) -> EnvironmentNetwork {
        let (socket, port) = try listen()
        return EnvironmentNetwork(namespace: self, listener: socket, port: port)
    }

    /// One environment is done with the namespace (its Runtime API has closed); the last one closes it. The kernel
    /// frees the namespace once nothing is left in it either.
    public func release() {
        state.withLock { s in
            guard s.isOpen else { return }
            s.users -= 1
            if s.users == 0 { s.closeAll() }
        }
    }

    /// The uid owning the socket connected from `peer` to `local` (an accepted connection's addresses) inside this
    /// namespace, or `nil` when there is none (see `lamb_tcp_peer_owner`).
    public func ownerUID(local: UnsafePointer<sockaddr>, peer: UnsafePointer<sockaddr>) -> UInt32? {
        var uid: UInt32 = 0
        var inode: UInt64 = 0
        let rc = state.withLock { s -> Int32 in
            guard s.isOpen else { return EBADF }
            return lamb_tcp_peer_owner_via(s.diagnostics, local, peer, &uid, &inode)
        }
        return rc == 0 ? uid : nil
    }
}

/// A new environment's network: its namespace, and its Runtime API's socket already listening inside.
public struct EnvironmentNetwork: Sendable {
    public let namespace: NetworkNamespace
    /// Listening on ``host``:``port`` inside the namespace; whoever serves the Runtime API takes it over (and
    /// closes it).
    public let listener: Int32
    public let port: Int
    public var host: String { "127.0.0.1" }

    /// A new namespace with its loopback up and a listener on `127.0.0.1:port`: ~0.4 ms of kernel work on the
    /// calling thread (more while the kernel is tearing other namespaces down).
    static func make(port: Int) throws(SandboxError) -> EnvironmentNetwork {
        var made = lamb_netns()
        let rc = lamb_netns_create(UInt16(port), &made)
        guard rc == 0 else { throw SandboxError(operation: "make a network namespace", errno: rc) }
        return EnvironmentNetwork(
            namespace: NetworkNamespace(descriptor: made.namespace_fd, diagnostics: made.diag_fd),
            listener: made.listen_fd, port: Int(made.port))
    }

    /// Closes the listener when nobody took it over (a start that failed before serving).
    public func discardListener() { close(listener) }
}

/// Network namespaces made ahead of cold starts: making one costs ~0.4 ms of kernel work (and several ms at times
/// while the kernel tears others down), which a cold start then does not wait for. A background thread keeps
/// ``target`` namespaces ready, each with its Runtime API listening on `127.0.0.1:9001`; a cold start takes one, or
/// makes its own when none is ready (a burst larger than the pool).
public final class NetworkNamespacePool: Sendable {
    /// How many namespaces are kept ready (~170 KiB of kernel memory each).
    public let target: Int
    private let port: Int
    private let pool: PreparedPool<FixedPreparedPolicy, EnvironmentNetwork>

    public init(target: Int = 8, port: Int = NetworkMode.isolatedRuntimeAPIPort) {
        self.target = target
        self.port = port
        pool = PreparedPool(
            policy: FixedPreparedPolicy(target: target), threadName: "lamb-netns",
            // The kernel refused (out of memory, a limit): cold starts make their own and say why.
            make: { _ in try? EnvironmentNetwork.make(port: port) },
            discard: { network in
                network.discardListener()
                network.namespace.release()
            })
    }

    /// A ready namespace, or a new one made on the calling thread when none is.
    public func take() throws(SandboxError) -> EnvironmentNetwork {
        if let ready = pool.take(0) { return ready }
        return try EnvironmentNetwork.make(port: port)
    }

    /// Starts making namespaces ahead (otherwise the first ``take()`` does).
    public func prepare() { if target > 0 { pool.prepare() } }

    /// Stops making namespaces and closes the ready ones.
    public func stop() { pool.stop() }

    /// How many are ready now (for tests).
    public var readyCount: Int { pool.readyCount(0) }
}
