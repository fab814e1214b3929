import Foundation
import LambCore
import NIOCore
import Synchronization

/// An event of the Extensions API, as `/event/next` answers it.
public struct ExtensionEvent: Sendable, Equatable {
    static let invokeType = "INVOKE"
    static let shutdownType = "SHUTDOWN"

    public var json: String
    /// `Lambda-Extension-Event-Identifier`.
    public var id: String

    public static func invoke(_ event: InvocationEvent) -> ExtensionEvent {
        ExtensionEvent(
            json: #"{"eventType":"INVOKE","deadlineMs":\#(event.deadlineMs),"requestId":\#(JSONString.quoted(event.requestId)),"#
                + #""invokedFunctionArn":\#(JSONString.quoted(event.invokedFunctionArn)),"#
                + #""tracing":{"type":"X-Amzn-Trace-Id","value":\#(JSONString.quoted(event.traceId))}}"#,
            id: Identifiers.requestId())
    }

    /// `reason`: `spindown` (idle, or Lamb stopping), `timeout` or `failure`.
    public static func shutdown(reason: String, deadlineMs: Int64) -> ExtensionEvent {
        ExtensionEvent(
            json: #"{"eventType":"SHUTDOWN","shutdownReason":\#(JSONString.quoted(reason)),"deadlineMs":\#(deadlineMs)}"#,
            id: Identifiers.requestId())
    }
}

/// One environment's Extensions API (`/2020-01-01/extension/...`): the external extensions Lamb started from
/// `/opt/extensions` and any internal one the runtime's process registers. The Runtime API server calls the extension
/// side from its event loop; the engine awaits init, invocations and the shutdown here. An environment without
/// extensions pays one atomic load per invocation.
public final class ExtensionsHub: Sendable {
    /// Answers a parked `/event/next`. Called at most once.
    public typealias Responder = @Sendable (ExtensionEvent) -> Void
    typealias State = ExtensionsState<CheckedContinuation<Void, Never>, Responder>

    private let state: Mutex<State>
    /// Set once an extension exists (found in `/opt/extensions`, or registered): until then every engine call
    /// returns at once.
    private let active: Atomic<Bool>
    /// What `/register` answers.
    let function: FunctionInfo
    /// The Telemetry API's subscriptions.
    public let telemetry = TelemetryHub()

    public struct FunctionInfo: Sendable {
        public var name: String
        public var version: String
        public var handler: String
        public var accountId: String

        public init(name: String, version: String, handler: String, accountId: String) {
            self.name = name
            self.version = version
            self.handler = handler
            self.accountId = accountId
        }
    }

    public init(function: FunctionInfo) {
        state = Mutex(State(expected: []))
        active = Atomic(false)
        self.function = function
    }

    public var isActive: Bool { active.load(ordering: .acquiring) }

    /// The external extensions found in `/opt/extensions`, known before the environment's processes start: init
    /// waits for each of them to register.
    public func expect(_ names: Set<String>) {
        guard !names.isEmpty else { return }
        state.withLock { $0.expect(names) }
        active.store(true, ordering: .releasing)
        telemetry.keepEarlyEvents()
    }

    /// The name of the registered extension `id`.
    func name(of id: String) -> String? {
        state.withLock { $0.extensions[id]?.name }
    }

    /// Names of the registered extensions (for listings and tests).
    public var registered: [String] { state.withLock { $0.extensions.values.map(\.name).sorted() } }

    // MARK: Extension side

    func register(name: String, events: [String]) -> Result<String, ExtensionRejection> {
        let id = UUID().uuidString.lowercased()
        let outcome = state.withLock { $0.register(name: name, events: events, id: id) }
        switch outcome {
        case .registered(let id):
            active.store(true, ordering: .releasing)
            return .success(id)
        case .refused(let rejection):
            return .failure(rejection)
        }
    }

    enum NextDecision {
        case respond(ExtensionEvent)
        case parked
        case refused(ExtensionRejection)
    }

    func next(id: String, responder: @escaping Responder) -> NextDecision {
        switch state.withLock({ $0.next(id: id, responder: responder) }) {
        case .respond(let event): return .respond(event)
        case .refused(let rejection): return .refused(rejection)
        case .parked(let waiters):
            waiters.forEach { $0.resume() }
            return .parked
        }
    }

    /// `/init/error` or `/exit/error` from the extension `id`.
    func reportError(id: String, errorType: String, exit: Bool) -> ExtensionRejection? {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
            guard let name = state.extensions[id]?.name else { return nil }
            return state.failed(.reported(name: name, errorType: errorType, exit: exit), id: id)
        }
        guard let waiters else { return .unknownIdentifier }
        waiters.forEach { $0.resume() }
        return nil
    }

    // MARK: Engine side

    /// An extension process ended with `status` (Lamb's launcher reports it): a crash, unless the environment is
    /// shutting down.
    public func exited(name: String, status: Int) {
        state.withLock { $0.exited(name: name, status: status) }.forEach { $0.resume() }
    }

    /// Waits for every extension to register and call `/event/next`; the failure that ended init otherwise.
    public func awaitInit() async -> ExtensionFailure? {
        guard isActive else {
            // Nobody registered during init: registering is over now.
            state.withLock { $0.endInit() }
            return nil
        }
        return await wait { $0.awaitInit($1) }
    }

    /// Hands `INVOKE` to the subscribed extensions.
    public func invoke(_ event: InvocationEvent) {
        guard isActive else { return }
        let extensionEvent = ExtensionEvent.invoke(event)
        let now = state.withLock { $0.invoke(extensionEvent, requestId: event.requestId) }
        for (responder, event) in now { responder(event) }
    }

    /// Waits until every `INVOKE` subscriber has called `/event/next` again (the invocation is then over for the
    /// environment), or for the failure that ended it.
    public func awaitInvokeDone() async -> ExtensionFailure? {
        guard isActive else { return nil }
        return await wait { $0.awaitInvokeDone($1) }
    }

    /// Sends `SHUTDOWN` and waits until each subscriber has called `/event/next` again or ended (the caller bounds
    /// the wait with ``close(_:)``).
    public func shutDown(reason: String, deadlineMs: Int64) async {
        guard isActive else { return }
        let now = state.withLock { $0.shutDown(.shutdown(reason: reason, deadlineMs: deadlineMs)) }
        for (responder, event) in now { responder(event) }
        _ = await wait { $0.awaitShutdownDone($1) }
    }

    /// Releases every waiter (a deadline passed, or the environment is going).
    public func close(_ failure: ExtensionFailure) {
        state.withLock { $0.close(failure) }.forEach { $0.resume() }
    }

    /// The environment is gone: telemetry deliveries stop too.
    public func closeTelemetry() {
        telemetry.close()
    }

    private func wait(_ register: (inout State, CheckedContinuation<Void, Never>) -> State.Wait) async
        -> ExtensionFailure?
    {
        var immediate: State.Wait = .wait
        await withCheckedContinuation { continuation in
            immediate = state.withLock { register(&$0, continuation) }
            if case .wait = immediate { return }
            continuation.resume()
        }
        if case .failed(let failure) = immediate { return failure }
        return state.withLock { $0.failure }
    }
}
