import NIOCore
import Synchronization

/// The connections a listener accepted and that are still open, so that closing the listener closes them too (a
/// closed server channel leaves its children open, and a runtime frozen or stopped later would keep them).
final class OpenConnections: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    /// Tracks `channel` until it closes; one accepted after ``closeAll()`` is closed at once.
    func track(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let tracked = state.withLock { s -> Bool in
            guard !s.closed else { return false }
            s.channels[id] = channel
            return true
        }
        guard tracked else {
            channel.close(promise: nil)
            return
        }
        channel.closeFuture.whenComplete { [self] _ in
            _ = state.withLock { $0.channels.removeValue(forKey: id) }
        }
    }

    /// Closes every tracked connection, and every one tracked from now on.
    func closeAll() async {
        let channels = state.withLock { s -> [any Channel] in
            s.closed = true
            defer { s.channels = [:] }
            return Array(s.channels.values)
        }
        for channel in channels { try? await channel.close() }
    }
}
