import NIOCore

/// Where one execution environment stands, as one value: its runtime's side of the Runtime API (init, the parked
/// `/next`, the invocation under way), whether it is in its pool, whether it is frozen, and how it ended. Each case
/// carries what it owns (the engine's waiter, the runtime's parked `/next`, the event not yet taken), so that states
/// that cannot happen (an invocation without a waiter, a frozen environment that is not parked) cannot be written.
///
///     initializing ─/next─▶ idle ⇄ frozen            (frozen: idle, in its pool, parked on /next)
///          │                 │ ▲
///          │            invoke│ │result
///          │                 ▼ │
///          │               invoking
///          └────────┴──────────┴──▶ closed (init error, timeout, crash, shutdown, process gone)
///
/// Pure: each method is an event and returns what the caller must do (resume a waiter, answer the runtime, freeze,
/// thaw); ``RuntimeMailbox`` keeps it under a lock and does it. A caller that stops waiting does not change it: an
/// invocation runs to its end and the environment goes back to idle, as on Lambda, where a caller that goes away
/// does not stop its invocation. Generic over the waiters and responders so that tests use plain values.
public struct EnvironmentStateMachine<InitWaiter, ResultWaiter, Responder> {
    public enum Phase {
        /// The runtime is starting; `waiter` is the engine waiting for the end of init.
        case initializing(waiter: InitWaiter?)
        /// Between invocations. `parked`: the runtime's `/next`, waiting for an event (`nil` while the runtime is on
        /// its way to it after a result). `pooled`: the engine put the environment back into its pool.
        case idle(parked: Responder?, pooled: Bool)
        /// Idle, pooled and parked, and its processes are stopped.
        case frozen(parked: Responder)
        case invoking(Invocation)
        case closed(Closed)
    }

    public struct Invocation {
        public var requestId: String
        /// The event, while no `/next` has taken it.
        public var pending: InvocationEvent?
        public var waiter: ResultWaiter
        /// Taken from the freezer: thawed once the event is handed over.
        public var frozen: Bool
        /// The runtime is streaming its response: `waiter` has been given the stream, and the invocation ends with it.
        public var streaming = false
    }

    public struct Closed {
        /// What the runtime posted to `/init/error`, if that is how it ended.
        public var initError: (body: ByteBuffer, errorTypeHeader: String?)?
        /// Why it stopped from outside the runtime, if it did.
        public var failure: RuntimeFailure?
        /// The process tree is gone (until then a stopping environment is shutting down).
        public var processGone = false
    }

    public private(set) var phase: Phase = .initializing(waiter: nil)
    /// The last invocation's request id, to tell a repeated or late result from a wrong one.
    public private(set) var lastRequestId: String?
    public private(set) var invocations = 0

    public init() {}

    // MARK: Listings

    /// The state as listings show it: `initializing`, `idle`, `invoking`, `failed` (broken, being stopped),
    /// `shuttingDown` or `gone`.
    public var name: String {
        switch phase {
        case .initializing: "initializing"
        case .idle, .frozen: "idle"
        case .invoking: "invoking"
        case .closed(let closed) where closed.processGone: "gone"
        case .closed(let closed) where closed.failure == .shutDown: "shuttingDown"
        case .closed: "failed"
        }
    }

    /// Why the environment stopped from outside its runtime, if it did.
    public var failure: RuntimeFailure? {
        if case .closed(let closed) = phase { return closed.failure }
        return nil
    }

    public var isFrozen: Bool {
        switch phase {
        case .frozen: true
        case .invoking(let invocation): invocation.frozen
        default: false
        }
    }

    // MARK: The engine's side

    public enum InitWait {
        case wait
        case done(InitOutcome)
    }

    /// The engine waits for the end of init.
    public mutating func awaitInit(_ waiter: InitWaiter) -> InitWait {
        switch phase {
        case .initializing:
            phase = .initializing(waiter: waiter)
            return .wait
        case .idle, .frozen, .invoking:
            return .done(.ready)
        case .closed(let closed):
            if let error = closed.initError { return .done(.initError(body: error.body, errorTypeHeader: error.errorTypeHeader)) }
            return .done(.failed(closed.failure ?? .shutDown))
        }
    }

    public enum InvokeStart {
        /// Give the event to this parked `/next`; then thaw if `thaw`.
        case deliver(to: Responder, thaw: Bool)
        /// The event waits for the runtime's next `/next`.
        case keep
        /// The environment is closed: the invocation fails at once.
        case failed(RuntimeFailure)
    }

    /// An invocation takes the environment (out of its pool, and out of the freezer if it was frozen).
    public mutating func invoke(_ event: InvocationEvent, waiter: ResultWaiter) -> InvokeStart {
        let parked: Responder?
        let frozen: Bool
        switch phase {
        case .idle(let p, _):
            (parked, frozen) = (p, false)
        case .frozen(let p):
            (parked, frozen) = (p, true)
        case .closed(let closed):
            return .failed(closed.failure ?? .shutDown)
        case .initializing, .invoking:
            preconditionFailure("invoke on an environment that is not idle")
        }
        invocations += 1
        lastRequestId = event.requestId
        phase = .invoking(
            Invocation(requestId: event.requestId, pending: parked == nil ? event : nil, waiter: waiter, frozen: frozen))
        return parked.map { .deliver(to: $0, thaw: frozen) } ?? .keep
    }

    /// The event is on the runtime's socket: a frozen environment may run again. `true`: thaw it now.
    public mutating func eventHandedOver() -> Bool {
        guard case .invoking(var invocation) = phase, invocation.frozen else { return false }
        invocation.frozen = false
        phase = .invoking(invocation)
        return true
    }

    /// The engine put the environment back into its pool. `true`: it can be frozen (its runtime is parked).
    public mutating func enteredPool() -> Bool {
        guard case .idle(let parked, _) = phase else { return false }
        phase = .idle(parked: parked, pooled: true)
        return parked != nil
    }

    /// Whether a freeze asked for earlier may still happen: idle, pooled and parked.
    public var canFreeze: Bool {
        if case .idle(.some, true) = phase { return true }
        return false
    }

    /// A freeze asked for earlier is due. `true`: freeze now (it is recorded as frozen).
    public mutating func freezeDue() -> Bool {
        guard case .idle(.some(let parked), true) = phase else { return false }
        phase = .frozen(parked: parked)
        return true
    }

    /// A freeze that was recorded could not be made: the environment is idle and running.
    public mutating func freezeFailed() {
        if case .frozen(let parked) = phase { phase = .idle(parked: parked, pooled: true) }
    }

    /// A thaw that was recorded could not be made.
    public mutating func thawFailed() {
        if case .invoking(var invocation) = phase {
            invocation.frozen = true
            phase = .invoking(invocation)
        }
    }

    public enum Failing {
        case initWaiter(InitWaiter)
        case resultWaiter(ResultWaiter)
        /// The runtime was streaming its response: the stream ends with the failure (its waiter has it already).
        case stream
        case nobody
    }

    /// The environment stops serving (a timeout, its process ended, Lamb stops it). The first reason stays;
    /// `.exited` also records that the process is gone. Returns the waiter to fail.
    public mutating func fail(_ reason: RuntimeFailure) -> Failing {
        let waiting: Failing
        var closed = Closed(failure: reason)
        switch phase {
        case .initializing(let waiter):
            waiting = waiter.map(Failing.initWaiter) ?? .nobody
        case .invoking(let invocation):
            waiting = invocation.streaming ? .stream : .resultWaiter(invocation.waiter)
        case .idle, .frozen:
            waiting = .nobody
        case .closed(let before):
            closed = before
            if closed.failure == nil { closed.failure = reason }
            waiting = .nobody
        }
        if case .exited = reason { closed.processGone = true }
        phase = .closed(closed)
        return waiting
    }

    // MARK: The runtime's side

    public enum NextAnswer {
        /// The `/next` waits. `initDone`: the engine's init waiter to resume. `canFreeze`: freeze soon.
        case parked(initDone: InitWaiter?, canFreeze: Bool)
        case respond(InvocationEvent)
        case reject(RuntimeAPIRejection)
    }

    /// The runtime asks for its next event.
    public mutating func next(_ responder: Responder) -> NextAnswer {
        switch phase {
        case .initializing(let waiter):
            phase = .idle(parked: responder, pooled: false)
            return .parked(initDone: waiter, canFreeze: false)
        case .idle(_, let pooled):
            phase = .idle(parked: responder, pooled: pooled)
            return .parked(initDone: nil, canFreeze: pooled)
        case .frozen:
            // A frozen runtime sends nothing; a request that arrives anyway replaces the parked one.
            phase = .frozen(parked: responder)
            return .parked(initDone: nil, canFreeze: false)
        case .invoking(var invocation):
            guard let event = invocation.pending else {
                return .reject(.invalidStateTransition(from: "Invoking", to: "Next"))
            }
            invocation.pending = nil
            phase = .invoking(invocation)
            return .respond(event)
        case .closed:
            // The environment is going away; the request hangs until the connection closes.
            return .parked(initDone: nil, canFreeze: false)
        }
    }

    /// A SnapStart template parked on `/restore/next`: its init (and before-snapshot hooks) is done. Returns the
    /// engine's init waiter to resume.
    public mutating func snapshotReady() -> InitWaiter? {
        guard case .initializing(let waiter) = phase else { return nil }
        phase = .idle(parked: nil, pooled: false)
        return waiter
    }

    /// The runtime posted its result (or error) for `requestId`. Returns the engine's waiter, or why the post is
    /// refused.
    public mutating func result(for requestId: String) -> Result<ResultWaiter, RuntimeAPIRejection> {
        switch phase {
        case .invoking(let invocation) where invocation.requestId == requestId:
            if invocation.streaming {
                return .failure(.invalidStateTransition(from: "InvocationResponseStreaming", to: "InvocationResponse"))
            }
            phase = .idle(parked: nil, pooled: false)
            return .success(invocation.waiter)
        case .idle where lastRequestId == requestId:
            return .failure(.invalidStateTransition(from: "InvocationResponse", to: "InvocationResponse"))
        case .closed(let closed) where lastRequestId == requestId && closed.failure == .timedOut:
            return .failure(.invokeTimeout)
        default:
            return .failure(.invalidRequestID)
        }
    }

    /// The runtime began streaming its result for `requestId`: the invocation goes on, and the engine's waiter gets
    /// the stream now. Returns the waiter, or why the post is refused.
    public mutating func beginStream(for requestId: String) -> Result<ResultWaiter, RuntimeAPIRejection> {
        guard case .invoking(var invocation) = phase, invocation.requestId == requestId, !invocation.streaming else {
            if case .invoking(let invocation) = phase, invocation.requestId == requestId {
                return .failure(.invalidStateTransition(from: "InvocationResponseStreaming", to: "InvocationResponse"))
            }
            // Refused as a buffered result would be (wrong id, repeated, late); `result(for:)` cannot succeed here.
            if case .failure(let rejection) = result(for: requestId) { return .failure(rejection) }
            preconditionFailure("a result accepted for an invocation that is not under way")
        }
        invocation.streaming = true
        phase = .invoking(invocation)
        return .success(invocation.waiter)
    }

    /// The runtime's streamed result for `requestId` ended: the environment is idle. `false`: the invocation was not
    /// streaming any more (it failed meanwhile).
    public mutating func endStream(for requestId: String) -> Bool {
        guard case .invoking(let invocation) = phase, invocation.requestId == requestId, invocation.streaming else {
            return false
        }
        phase = .idle(parked: nil, pooled: false)
        return true
    }

    /// The runtime posted `/init/error`. Returns the engine's init waiter (if it waits already), or why the post is
    /// refused.
    public mutating func initError(body: ByteBuffer, errorTypeHeader: String?)
        -> Result<InitWaiter?, RuntimeAPIRejection>
    {
        guard case .initializing(let waiter) = phase else {
            return .failure(.invalidStateTransition(from: "Ready", to: "InitError"))
        }
        phase = .closed(Closed(initError: (body, errorTypeHeader)))
        return .success(waiter)
    }
}
