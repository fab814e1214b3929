import LambCore
import NIOCore
import Synchronization

/// The meeting point of one environment's runtime (through the Runtime API) and the engine.
///
/// The runtime side calls `next`/`postResponse`/`postError`/`postInitError` from the server's event loop; the engine
/// side awaits `awaitInit` and `invoke`, and calls `fail` when the process exits or a deadline passes. All state sits
/// behind one lock; continuations and responders are always resumed after the lock is released.
public final class RuntimeMailbox: Sendable {
    /// Sends an event to a parked `/next` request. Called at most once.
    public typealias NextResponder = @Sendable (InvocationEvent) -> Void

    enum Phase: Equatable {
        case initializing
        case idle
        case invoking(requestId: String)
        case closed
    }

    struct State {
        var phase: Phase = .initializing
        var parkedNext: NextResponder?
        var pendingEvent: InvocationEvent?
        var initWaiter: CheckedContinuation<InitOutcome, Never>?
        var initOutcome: InitOutcome?
        var resultWaiter: CheckedContinuation<RuntimeOutcome, Never>?
        var lastRequestId: String?
        var failure: RuntimeFailure?
    }

    private let state = Mutex(State())
    /// Kept in a struct: a closure stored directly as a generic value (`Mutex<(() -> Void)?>`) is re-wrapped in two
    /// reabstraction thunks on every `inout` access, so each `withLock` made later calls deeper and slower.
    private struct ParkedHandler {
        var run: (@Sendable () -> Void)?
    }

    private let parkedHandler = Mutex(ParkedHandler())
    /// A SnapStart template's `/restore/next` channel; `nil` for every other environment (which may not call it).
    public let restore: RestoreChannel?

    public init(snapStartTemplate: Bool = false) {
        restore = snapStartTemplate ? RestoreChannel() : nil
    }

    /// Sets what runs each time the runtime parks on `/next` with nothing to do: the end of init or of an
    /// invocation, when Lambda freezes an environment.
    public func onParked(_ handler: @escaping @Sendable () -> Void) {
        parkedHandler.withLock { $0.run = handler }
    }

    // MARK: Engine side

    /// Waits until the runtime's first `/next` (init done), an `/init/error`, or a failure.
    public func awaitInit() async -> InitOutcome {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { s -> InitOutcome? in
                if let outcome = s.initOutcome { return outcome }
                if let failure = s.failure { return .failed(failure) }
                s.initWaiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Hands `event` to the runtime and waits for its result or for a failure. `handedOver` runs once the event is
    /// given to the runtime's parked `/next` (or kept for its next one), before the wait.
    public func invoke(_ event: InvocationEvent, handedOver: () -> Void = {}) async -> RuntimeOutcome {
        await withCheckedContinuation { continuation in
            let action = state.withLock { s -> (NextResponder?, RuntimeFailure?) in
                if let failure = s.failure { return (nil, failure) }
                precondition(s.phase == .idle, "invoke on an environment that is not idle")
                s.phase = .invoking(requestId: event.requestId)
                s.lastRequestId = event.requestId
                s.resultWaiter = continuation
                if let responder = s.parkedNext {
                    s.parkedNext = nil
                    return (responder, nil)
                }
                s.pendingEvent = event
                return (nil, nil)
            }
            if let failure = action.1 {
                continuation.resume(returning: .failed(failure))
            } else {
                action.0?(event)
                handedOver()
            }
        }
    }

    /// Ends the environment's conversation: any waiter gets `.failed(reason)`, and later calls fail at once.
    public func fail(_ reason: RuntimeFailure) {
        let (initWaiter, resultWaiter) = state.withLock { s -> (CheckedContinuation<InitOutcome, Never>?, CheckedContinuation<RuntimeOutcome, Never>?) in
            if s.failure == nil { s.failure = reason }
            s.phase = .closed
            s.parkedNext = nil
            s.pendingEvent = nil
            defer {
                s.initWaiter = nil
                s.resultWaiter = nil
            }
            return (s.initWaiter, s.resultWaiter)
        }
        initWaiter?.resume(returning: .failed(reason))
        resultWaiter?.resume(returning: .failed(reason))
        restore?.close()
    }

    /// A SnapStart template parked on `/restore/next`: its init (and before-snapshot hooks) is done.
    public func snapshotReady() {
        let waiter = state.withLock { s -> CheckedContinuation<InitOutcome, Never>? in
            guard s.phase == .initializing else { return nil }
            s.phase = .idle
            if let waiter = s.initWaiter {
                s.initWaiter = nil
                return waiter
            }
            s.initOutcome = .ready
            return nil
        }
        waiter?.resume(returning: .ready)
    }

    /// The failure the mailbox was closed with, if any.
    public var failure: RuntimeFailure? { state.withLock { $0.failure } }

    // MARK: Runtime side

    /// What the server should do with a `/next` request.
    public enum NextDecision: Sendable {
        case parked
        case respond(InvocationEvent)
        case reject(RuntimeAPIRejection)
    }

    public func next(_ responder: @escaping NextResponder) -> NextDecision {
        let (decision, initWaiter) = state.withLock { s -> (NextDecision, CheckedContinuation<InitOutcome, Never>?) in
            switch s.phase {
            case .initializing:
                s.phase = .idle
                s.parkedNext = responder
                if let waiter = s.initWaiter {
                    s.initWaiter = nil
                    return (.parked, waiter)
                }
                s.initOutcome = .ready
                return (.parked, nil)
            case .idle:
                if let event = s.pendingEvent {
                    s.pendingEvent = nil
                    return (.respond(event), nil)
                }
                s.parkedNext = responder
                return (.parked, nil)
            case .invoking(let id):
                if let event = s.pendingEvent, event.requestId == id {
                    s.pendingEvent = nil
                    return (.respond(event), nil)
                }
                return (.reject(.invalidStateTransition(from: "Invoking", to: "Next")), nil)
            case .closed:
                // The environment is going away; leave the request hanging until the connection closes.
                return (.parked, nil)
            }
        }
        initWaiter?.resume(returning: .ready)
        if case .parked = decision, state.withLock({ $0.parkedNext != nil }) {
            parkedHandler.withLock { $0.run }?()
        }
        return decision
    }

    public func postResponse(requestId: String, body: ByteBuffer, contentType: String?) -> RuntimeAPIRejection? {
        complete(requestId: requestId, with: .response(body: body, contentType: contentType))
    }

    public func postError(requestId: String, body: ByteBuffer, errorTypeHeader: String?) -> RuntimeAPIRejection? {
        complete(requestId: requestId, with: .error(body: body, errorTypeHeader: errorTypeHeader))
    }

    /// A `/response` whose body was over the limit: the invocation fails with `Function.ResponseSizeTooLarge`.
    public func postResponseTooLarge(requestId: String) -> RuntimeAPIRejection? {
        complete(requestId: requestId, with: .responseTooLarge)
    }

    public func postInitError(body: ByteBuffer, errorTypeHeader: String?) -> RuntimeAPIRejection? {
        let (rejection, waiter) = state.withLock { s -> (RuntimeAPIRejection?, CheckedContinuation<InitOutcome, Never>?) in
            guard s.phase == .initializing else {
                return (.invalidStateTransition(from: "Ready", to: "InitError"), nil)
            }
            let outcome = InitOutcome.initError(body: body, errorTypeHeader: errorTypeHeader)
            s.phase = .closed
            if let waiter = s.initWaiter {
                s.initWaiter = nil
                return (nil, waiter)
            }
            s.initOutcome = outcome
            return (nil, nil)
        }
        waiter?.resume(returning: .initError(body: body, errorTypeHeader: errorTypeHeader))
        return rejection
    }

    private func complete(requestId: String, with outcome: RuntimeOutcome) -> RuntimeAPIRejection? {
        let (rejection, waiter) = state.withLock { s -> (RuntimeAPIRejection?, CheckedContinuation<RuntimeOutcome, Never>?) in
            switch s.phase {
            case .invoking(let current) where current == requestId:
                s.phase = .idle
                defer { s.resultWaiter = nil }
                return (nil, s.resultWaiter)
            case .idle where s.lastRequestId == requestId:
                return (.invalidStateTransition(from: "InvocationResponse", to: "InvocationResponse"), nil)
            case .closed where s.lastRequestId == requestId && s.failure == .timedOut:
                return (.invokeTimeout, nil)
            default:
                return (.invalidRequestID, nil)
            }
        }
        waiter?.resume(returning: outcome)
        return rejection
    }
}

/// A Runtime API request refused, with RIE's status and error type.
public enum RuntimeAPIRejection: Sendable, Equatable {
    case invalidRequestID
    case invalidStateTransition(from: String, to: String)
    case invokeTimeout
    case payloadTooLarge
    case notFound
    case invalidResponseMode

    public var status: Int {
        switch self {
        case .invalidRequestID, .invalidResponseMode: 400
        case .invalidStateTransition: 403
        case .notFound: 404
        case .invokeTimeout: 410
        case .payloadTooLarge: 413
        }
    }

    public var errorType: String {
        switch self {
        case .invalidRequestID: RuntimeAPIWire.ErrorType.invalidRequestID
        case .invalidStateTransition: RuntimeAPIWire.ErrorType.invalidStateTransition
        case .invokeTimeout: RuntimeAPIWire.ErrorType.invokeTimeout
        case .payloadTooLarge: RuntimeAPIWire.ErrorType.requestEntityTooLarge
        case .notFound: RuntimeAPIWire.ErrorType.notFound
        case .invalidResponseMode: RuntimeAPIWire.ErrorType.invalidFunctionResponseMode
        }
    }

    public var message: String {
        switch self {
        case .invalidRequestID: "Invalid request ID"
        case .invalidStateTransition(let from, let to):
            "State transition from \(from) to \(to) failed for runtime. Error: State transition is not allowed"
        case .invokeTimeout: "Invoke timeout"
        case .payloadTooLarge: "Exceeded maximum allowed payload size (\(Quotas.runtimeResponseBytes) bytes)."
        case .notFound: "Not found"
        case .invalidResponseMode: "Invalid function response mode"
        }
    }
}
