import CLambSandbox
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
}
