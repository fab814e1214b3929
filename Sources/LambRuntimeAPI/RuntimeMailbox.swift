import LambCore
import NIOCore
import Synchronization

/// Stops and resumes an environment's processes (the sandbox's freezer), for ``RuntimeMailbox``.
public protocol EnvironmentSuspension: Sendable {
    /// Called under the mailbox's lock, so that a thaw cannot overtake it. `false`: it could not freeze.
    func freeze() -> Bool
    /// `false`: it could not thaw.
    func thaw() -> Bool
}

/// The meeting point of one environment's runtime (through the Runtime API) and the engine, and the keeper of the
/// environment's state (``EnvironmentStateMachine``).
///
/// The runtime side calls `next`/`postResponse`/`postError`/`postInitError` from the server's event loop; the engine
/// side awaits `awaitInit` and `invoke`, says when the environment is back in its pool (`enteredPool`), and calls
/// `fail` when the process exits or a deadline passes. The state sits behind one lock; continuations and responders
/// are always resumed after the lock is released.
///
/// The environment is frozen whenever it is idle in its pool *and* its runtime is parked on `/next`, and thawed when
/// an invocation takes it, so that background threads and timers make no progress between invocations, as on Lambda.
/// The freeze runs later on the environment's event loop rather than inside the call that completed the second
/// condition: that call is usually on the way to answering the invocation's caller, and freezing (the kernel stops
/// every task of the cgroup) would delay the answer. An invocation that takes the environment first simply finds
/// nothing to thaw.
public final class RuntimeMailbox: Sendable {
    /// Sends an event to a parked `/next` request. Called at most once.
    public typealias NextResponder = @Sendable (InvocationEvent) -> Void
    typealias Machine = EnvironmentStateMachine<
        CheckedContinuation<InitOutcome, Never>, CheckedContinuation<RuntimeOutcome, Never>, NextResponder
    >

    private struct Suspender {
        var suspension: (any EnvironmentSuspension)?
        var eventLoop: (any EventLoop)?
    }

    private let state = Mutex(Machine())
    private let suspender = Mutex(Suspender())
    /// The response being streamed, while the machine says so. Set and taken under `state`'s lock (this lock is only
    /// ever taken inside it), so that a failure that sees a streaming invocation always finds its stream.
    private let activeStream = Mutex<ResponseStream?>(nil)
    /// A SnapStart template's `/restore/next` channel; `nil` for every other environment (which may not call it).
    public let restore: RestoreChannel?
    /// The environment's extensions (the Extensions API).
    public let extensions: ExtensionsHub

    public init(snapStartTemplate: Bool = false, extensions: ExtensionsHub? = nil) {
        restore = snapStartTemplate ? RestoreChannel() : nil
        self.extensions =
            extensions ?? ExtensionsHub(function: .init(name: "", version: "", handler: "", accountId: ""))
    }

    /// Freezes the environment through `suspension` between invocations (without one it is never frozen); the
    /// freezes run on `eventLoop`.
    public func suspend(through suspension: any EnvironmentSuspension, on eventLoop: any EventLoop) {
        suspender.withLock { $0 = Suspender(suspension: suspension, eventLoop: eventLoop) }
    }

    // MARK: Listings

    /// The state as listings show it (``EnvironmentStateMachine/name``).
    public var stateName: String { state.withLock { $0.name } }

    /// Invocations the environment has served (or is serving).
    public var invocations: Int { state.withLock { $0.invocations } }

    /// The failure the environment was closed with, if any.
    public var failure: RuntimeFailure? { state.withLock { $0.failure } }

    // MARK: Engine side

    /// Waits until the runtime's first `/next` (init done), an `/init/error`, or a failure.
    public func awaitInit() async -> InitOutcome {
        await withCheckedContinuation { continuation in
            if case .done(let outcome) = state.withLock({ $0.awaitInit(continuation) }) {
                continuation.resume(returning: outcome)
            }
        }
    }

    /// Hands `event` to the runtime and waits for its result or for a failure. A frozen environment is thawed once
    /// the event is on the runtime's socket (or kept for its next `/next`): it then leaves the freezer with its event
    /// already there, instead of waking once to be thawed and once more when the event arrives.
    public func invoke(_ event: InvocationEvent) async -> RuntimeOutcome {
        await withCheckedContinuation { continuation in
            switch state.withLock({ $0.invoke(event, waiter: continuation) }) {
            case .failed(let failure):
                continuation.resume(returning: .failed(failure))
            case .keep:
                break
            case .deliver(let responder, let thaw):
                responder(event)
                if thaw { thawAfterHandOver() }
            }
        }
    }

    /// The event is written on the environment's loop (the responder hops there when called elsewhere): the thaw
    /// goes after it there.
    private func thawAfterHandOver() {
        let (suspension, eventLoop) = suspender.withLock { ($0.suspension, $0.eventLoop) }
        guard let suspension else { return }
        let thaw: @Sendable () -> Void = { [self] in
            state.withLock { machine in
                guard machine.eventHandedOver() else { return }
                if !suspension.thaw() { machine.thawFailed() }
            }
        }
        if let eventLoop, !eventLoop.inEventLoop { eventLoop.execute(thaw) } else { thaw() }
    }

    /// The engine put the environment back into its pool: it is frozen once its runtime is parked too.
    public func enteredPool() {
        if state.withLock({ $0.enteredPool() }) { freezeSoon() }
    }

    /// Freezes after the loop's queued tasks have run once more. The engine puts the environment back into its pool
    /// on the way to answering the caller, and the rest of that way (the invocation task resuming, the answer's
    /// write) is queued on this loop right behind the call that got here: going to the back of the queue a second
    /// time lets the answer leave first, so that freezing does not add to the caller's wait.
    private func freezeSoon() {
        let (suspension, eventLoop) = suspender.withLock { ($0.suspension, $0.eventLoop) }
        guard let suspension, let eventLoop else { return }
        eventLoop.execute { [self] in
            guard state.withLock({ $0.canFreeze }) else { return }
            eventLoop.execute { [self] in
                state.withLock { machine in
                    guard machine.freezeDue() else { return }
                    if !suspension.freeze() { machine.freezeFailed() }
                }
            }
        }
    }

    /// Ends the environment's conversation: any waiter gets `.failed(reason)`, and later calls fail at once.
    public func fail(_ reason: RuntimeFailure) {
        var stream: ResponseStream?
        let failing = state.withLock { machine in
            let failing = machine.fail(reason)
            if case .stream = failing { stream = activeStream.withLock { $0.take() } }
            return failing
        }
        switch failing {
        case .initWaiter(let waiter): waiter.resume(returning: .failed(reason))
        case .resultWaiter(let waiter): waiter.resume(returning: .failed(reason))
        case .stream: stream?.finish(.failed(reason))
        case .nobody: break
        }
        restore?.close()
        // Extensions waited on by init or an invocation are released too (the environment is going).
        extensions.close(.timedOut)
    }

    /// A SnapStart template parked on `/restore/next`: its init (and before-snapshot hooks) is done.
    public func snapshotReady() {
        state.withLock { $0.snapshotReady() }?.resume(returning: .ready)
    }

    // MARK: Runtime side

    /// What the server should do with a `/next` request.
    public enum NextDecision: Sendable {
        case parked
        case respond(InvocationEvent)
        case reject(RuntimeAPIRejection)
    }

    public func next(_ responder: @escaping NextResponder) -> NextDecision {
        switch state.withLock({ $0.next(responder) }) {
        case .parked(let initDone, let canFreeze):
            initDone?.resume(returning: .ready)
            if canFreeze { freezeSoon() }
            return .parked
        case .respond(let event):
            return .respond(event)
        case .reject(let rejection):
            return .reject(rejection)
        }
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

    /// A `/response` in streaming mode began: the engine's invocation gets `stream` now, and goes on until
    /// ``endStream(requestId:_:)`` (or a failure) ends it.
    public func beginStream(requestId: String, _ stream: ResponseStream) -> RuntimeAPIRejection? {
        let begun = state.withLock { machine in
            let begun = machine.beginStream(for: requestId)
            if case .success = begun { activeStream.withLock { $0 = stream } }
            return begun
        }
        switch begun {
        case .success(let waiter):
            waiter.resume(returning: .streaming(stream))
            return nil
        case .failure(let rejection):
            return rejection
        }
    }

    /// The streamed response ended (its last chunk, or the connection closed): the stream gets `end`, and the
    /// environment is idle again. `false`: the invocation had ended already (a timeout, say).
    @discardableResult
    public func endStream(requestId: String, _ end: ResponseStream.End) -> Bool {
        let stream = state.withLock { machine -> ResponseStream? in
            guard machine.endStream(for: requestId) else { return nil }
            return activeStream.withLock { $0.take() }
        }
        guard let stream else { return false }
        stream.finish(end)
        return true
    }

    public func postInitError(body: ByteBuffer, errorTypeHeader: String?) -> RuntimeAPIRejection? {
        switch state.withLock({ $0.initError(body: body, errorTypeHeader: errorTypeHeader) }) {
        case .success(let waiter):
            waiter?.resume(returning: .initError(body: body, errorTypeHeader: errorTypeHeader))
            return nil
        case .failure(let rejection):
            return rejection
        }
    }

    private func complete(requestId: String, with outcome: RuntimeOutcome) -> RuntimeAPIRejection? {
        switch state.withLock({ $0.result(for: requestId) }) {
        case .success(let waiter):
            waiter.resume(returning: outcome)
            return nil
        case .failure(let rejection):
            return rejection
        }
    }
}

/// A Runtime API request refused, with RIE's status and error type.
public enum RuntimeAPIRejection: Error, Sendable, Equatable {
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
