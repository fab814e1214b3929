import NIOCore
import Synchronization

/// Which connections an environment's Runtime API accepts: its own runtime's only.
///
/// Every Runtime API listens on the host's loopback, where any process can connect to any port. Each environment's
/// runtime runs as a uid of its own, so a connection's owner (looked up when it is accepted) tells whose it is; a
/// connection from anyone else is closed before a byte of it is read, so no other environment can take this one's
/// events or answer them.
///
/// The runtime's uid is known only once the sandbox has launched it, while the listener exists before (its address is
/// in the runtime's environment): a connection accepted in between waits for the decision.
public final class RuntimeAPIAdmission: Sendable {
    /// The uid owning the connected socket at `peer` (the accepted connection's remote address) on this host, or
    /// `nil` when it cannot be found.
    public typealias OwnerLookup = @Sendable (_ local: SocketAddress, _ peer: SocketAddress) -> UInt32?

    enum Rule {
        case undecided
        case owner(UInt32)
        case anyone
        case closed
    }

    private struct State {
        var rule = Rule.undecided
        var waiting: [(owner: UInt32?, promise: EventLoopPromise<Void>)] = []
    }

    private let lookup: OwnerLookup?
    private let refused: @Sendable (_ owner: UInt32?) -> Void
    private let state: Mutex<State>

    /// Admits every connection (Lamb's own tests, drivers that run runtimes as Lamb's user).
    public static var anyone: RuntimeAPIAdmission { RuntimeAPIAdmission(lookup: nil, rule: .anyone) }

    /// Admits connections owned by the uid given later (``restrict(toOwner:)``), or by `owner` from the start.
    public static func byOwner(
        _ owner: UInt32? = nil, lookup: @escaping OwnerLookup,
        refused: @escaping @Sendable (_ owner: UInt32?) -> Void = { _ in }
    ) -> RuntimeAPIAdmission {
        RuntimeAPIAdmission(lookup: lookup, rule: owner.map(Rule.owner) ?? .undecided, refused: refused)
    }

    init(lookup: OwnerLookup?, rule: Rule, refused: @escaping @Sendable (UInt32?) -> Void = { _ in }) {
        self.lookup = lookup
        self.refused = refused
        self.state = Mutex(State(rule: rule))
    }

    /// From now on, only connections owned by `uid` are admitted (also those already waiting).
    public func restrict(toOwner uid: UInt32) { decide(.owner(uid)) }

    /// From now on, every connection is admitted: the runtime runs as a uid that is not its own.
    public func admitAnyone() { decide(.anyone) }

    /// Refuses everything from now on (the listener is closing).
    func close() { decide(.closed) }

    /// Succeeds when `channel` (just accepted) may talk to this Runtime API; fails, and so has it closed, otherwise.
    func check(_ channel: any Channel) -> EventLoopFuture<Void> {
        var owner: UInt32?
        if let lookup, let local = channel.localAddress, let peer = channel.remoteAddress {
            owner = lookup(local, peer)
        }
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let rule = state.withLock { s -> Rule in
            if case .undecided = s.rule { s.waiting.append((owner, promise)) }
            return s.rule
        }
        if case .undecided = rule { return promise.futureResult }
        settle(promise, owner: owner, rule: rule)
        return promise.futureResult
    }

    private func decide(_ rule: Rule) {
        let waiting = state.withLock { s -> [(owner: UInt32?, promise: EventLoopPromise<Void>)] in
            guard case .undecided = s.rule else {
                if case .closed = rule { s.rule = .closed }
                return []
            }
            s.rule = rule
            defer { s.waiting = [] }
            return s.waiting
        }
        for (owner, promise) in waiting { settle(promise, owner: owner, rule: rule) }
    }

    private func settle(_ promise: EventLoopPromise<Void>, owner: UInt32?, rule: Rule) {
        switch rule {
        case .anyone:
            promise.succeed()
        case .owner(let uid) where owner == uid:
            promise.succeed()
        case .owner:
            refused(owner)
            promise.fail(RefusedPeer(owner: owner))
        case .closed, .undecided:
            promise.fail(RefusedPeer(owner: owner))
        }
    }

    struct RefusedPeer: Error {
        var owner: UInt32?
    }
}
