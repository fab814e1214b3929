import CLambSandbox
import LambRuntimeAPI
import LambSandbox
import NIOCore

/// Who is at the other end of a TCP connection accepted on this host.
public enum SocketPeer {
    /// The uid owning the peer's socket when the peer is on this host (any of its addresses), else `nil`. One
    /// sock_diag request: a few microseconds, paid once per connection.
    public static func ownerUID(local: SocketAddress, peer: SocketAddress) -> UInt32? {
        var uid: UInt32 = 0
        var inode: UInt64 = 0
        let rc = local.withSockAddr { localPointer, _ in
            peer.withSockAddr { peerPointer, _ in lamb_tcp_peer_owner(localPointer, peerPointer, &uid, &inode) }
        }
        return rc == 0 ? uid : nil
    }

    /// The owner of `channel`'s peer (see ``ownerUID(local:peer:)``).
    public static func ownerUID(of channel: any Channel) -> UInt32? {
        guard let local = channel.localAddress, let peer = channel.remoteAddress else { return nil }
        return ownerUID(local: local, peer: peer)
    }

    /// How to look up the owners of connections accepted on a listener in `namespace` (`nil`: the host's network).
    /// sock_diag answers about the namespace its socket was made in, so a namespace's connections are looked up
    /// through the namespace's own.
    static func lookup(in namespace: NetworkNamespace?) -> RuntimeAPIAdmission.OwnerLookup {
        guard let namespace else { return ownerUID(local:peer:) }
        return { local, peer in
            local.withSockAddr { localPointer, _ in
                peer.withSockAddr { peerPointer, _ in namespace.ownerUID(local: localPointer, peer: peerPointer) }
            }
        }
    }
}

extension RuntimeAPIServer.BoundSocket {
    /// The Runtime API's listener inside an environment's network namespace; closing the server releases the
    /// environment's use of the namespace.
    init(_ network: EnvironmentNetwork) {
        self.init(
            descriptor: network.listener, host: network.host, port: network.port,
            onClose: { [namespace = network.namespace] in namespace.release() })
    }
}
