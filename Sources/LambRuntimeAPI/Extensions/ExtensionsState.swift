import LambCore

/// The Extensions API's bookkeeping for one environment, as a value the hub keeps under its lock: who registered, who
/// is parked on `/event/next`, who still owes a `/event/next` after an event, and whether init, an invocation or a
/// shutdown is waiting on them. Waiters are kept as opaque values and handed back to be resumed after the lock.
///
/// Lambda's rules it follows: an extension registers during init only; init ends when every extension found in
/// `/opt/extensions` has registered and every registered extension has called `/event/next`; an invocation is over
/// for the environment when each extension subscribed to `INVOKE` has called `/event/next` again; at shutdown each
/// one subscribed to `SHUTDOWN` gets the event and has until its deadline.
struct ExtensionsState<Waiter, Responder> {
    struct Extension {
        var name: String
        var invoke: Bool
        var shutdown: Bool
        /// Its `/event/next`, parked until an event comes.
        var parked: Responder?
        /// Events it has not fetched yet (an event comes while it is still on the previous one).
        var pending: [ExtensionEvent] = []
        /// It got an event and has not called `/event/next` since.
        var busy = false
        var calledNext = false
        var gone = false
    }

    enum Phase { case initializing, ready, invoking(requestId: String), shuttingDown, failed }

    /// External extensions found in `/opt/extensions` that have not registered yet.
    private(set) var unregistered: Set<String>
    private(set) var extensions: [String: Extension] = [:]
    private(set) var phase = Phase.initializing
    private(set) var failure: ExtensionFailure?
    private var initWaiter: Waiter?
    private var invokeWaiter: Waiter?
    private var shutdownWaiter: Waiter?

    init(expected: Set<String>) {
        unregistered = expected
    }

    mutating func endInit() {
        if case .initializing = phase { phase = .ready }
    }

    mutating func expect(_ names: Set<String>) {
        unregistered.formUnion(names)
    }

    // MARK: Extension side

    enum Registration: Equatable {
        case registered(id: String)
        case refused(ExtensionRejection)
    }

    mutating func register(name: String, events: [String], id: String) -> Registration {
        guard case .initializing = phase else { return .refused(.registerAfterInit) }
        guard !name.isEmpty else { return .refused(.missingName) }
        if extensions.values.contains(where: { $0.name == name }) { return .refused(.alreadyRegistered(name)) }
        for event in events where event != ExtensionEvent.invokeType && event != ExtensionEvent.shutdownType {
            return .refused(.invalidEvent(event))
        }
        unregistered.remove(name)
        extensions[id] = Extension(
            name: name, invoke: events.contains(ExtensionEvent.invokeType),
            shutdown: events.contains(ExtensionEvent.shutdownType))
        return .registered(id: id)
    }

    enum NextDecision {
        case respond(ExtensionEvent)
        case parked(resume: [Waiter])
        case refused(ExtensionRejection)
    }

    /// `/event/next`: an event waiting for it at once, or parked, finishing what waited on it.
    mutating func next(id: String, responder: Responder) -> NextDecision {
        guard var ext = extensions[id], !ext.gone else { return .refused(.unknownIdentifier) }
        ext.calledNext = true
        ext.busy = false
        if !ext.pending.isEmpty {
            let event = ext.pending.removeFirst()
            ext.busy = true
            extensions[id] = ext
            return .respond(event)
        }
        ext.parked = responder
        extensions[id] = ext
        return .parked(resume: finished())
    }

    /// `/init/error` and `/exit/error`, and an extension process that ended (`crashed`): init or the invocation
    /// under way fails with it.
    mutating func failed(_ failure: ExtensionFailure, id: String?) -> [Waiter] {
        if let id { extensions[id]?.gone = true }
        if self.failure == nil { self.failure = failure }
        phase = .failed
        return takeWaiters()
    }

    /// An extension's process ended, found by its name.
    mutating func exited(name: String, status: Int) -> [Waiter] {
        let id = extensions.first { $0.value.name == name }?.key
        if case .shuttingDown = phase {
            if let id { extensions[id]?.gone = true }
            return finished()
        }
        return failed(.crashed(name: name, status: status), id: id)
    }

    // MARK: Engine side

    enum Wait { case done, wait, failed(ExtensionFailure) }

    /// Init waits for every found extension to register and every registered one to call `/event/next`.
    mutating func awaitInit(_ waiter: Waiter) -> Wait {
        if let failure { return .failed(failure) }
        if initComplete {
            phase = .ready
            return .done
        }
        initWaiter = waiter
        return .wait
    }

    /// The `INVOKE` event for each subscriber: the ones parked get it now (their responders), the others when they
    /// call `/event/next`.
    mutating func invoke(_ event: ExtensionEvent, requestId: String) -> [(Responder, ExtensionEvent)] {
        phase = .invoking(requestId: requestId)
        return deliver(event) { $0.invoke }
    }

    /// After the runtime's answer: waits until every `INVOKE` subscriber has called `/event/next` again.
    mutating func awaitInvokeDone(_ waiter: Waiter) -> Wait {
        if let failure { return .failed(failure) }
        if !extensions.values.contains(where: { $0.invoke && $0.busy && !$0.gone }) {
            phase = .ready
            return .done
        }
        invokeWaiter = waiter
        return .wait
    }

    /// The `SHUTDOWN` event for each subscriber still there.
    mutating func shutDown(_ event: ExtensionEvent) -> [(Responder, ExtensionEvent)] {
        phase = .shuttingDown
        return deliver(event) { $0.shutdown }
    }

    mutating func awaitShutdownDone(_ waiter: Waiter) -> Wait {
        if !extensions.values.contains(where: { $0.shutdown && $0.busy && !$0.gone }) { return .done }
        shutdownWaiter = waiter
        return .wait
    }

    /// The environment is going: whoever waits is released (with the failure, if any).
    mutating func close(_ failure: ExtensionFailure) -> [Waiter] {
        if self.failure == nil, case .initializing = phase { self.failure = failure }
        return takeWaiters()
    }

    // MARK: Helpers

    private var initComplete: Bool {
        unregistered.isEmpty && extensions.values.allSatisfy { $0.calledNext || $0.gone }
    }

    private mutating func deliver(_ event: ExtensionEvent, to subscribed: (Extension) -> Bool)
        -> [(Responder, ExtensionEvent)]
    {
        var now: [(Responder, ExtensionEvent)] = []
        for (id, var ext) in extensions where subscribed(ext) && !ext.gone {
            ext.busy = true
            if let responder = ext.parked {
                ext.parked = nil
                now.append((responder, event))
            } else {
                ext.pending.append(event)
            }
            extensions[id] = ext
        }
        return now
    }

    /// The waiters whose condition now holds.
    private mutating func finished() -> [Waiter] {
        var ready: [Waiter] = []
        if let waiter = initWaiter, initComplete {
            initWaiter = nil
            phase = .ready
            ready.append(waiter)
        }
        if let waiter = invokeWaiter, !extensions.values.contains(where: { $0.invoke && $0.busy && !$0.gone }) {
            invokeWaiter = nil
            phase = .ready
            ready.append(waiter)
        }
        if let waiter = shutdownWaiter, !extensions.values.contains(where: { $0.shutdown && $0.busy && !$0.gone }) {
            shutdownWaiter = nil
            ready.append(waiter)
        }
        return ready
    }

    private mutating func takeWaiters() -> [Waiter] {
        let all = [initWaiter, invokeWaiter, shutdownWaiter].compactMap { $0 }
        (initWaiter, invokeWaiter, shutdownWaiter) = (nil, nil, nil)
        return all
    }
}

/// Why extensions failed an environment: the error type Lambda reports (`Extension.<Type>`, `Extension.Crash`).
public enum ExtensionFailure: Sendable, Equatable {
    /// `/init/error` or `/exit/error`, with the extension's `Lambda-Extension-Function-Error-Type`.
    case reported(name: String, errorType: String, exit: Bool)
    /// The process ended without being asked to.
    case crashed(name: String, status: Int)
    /// An extension did not finish in time (init, an invocation or the shutdown).
    case timedOut

    public var errorType: String {
        switch self {
        case .reported(_, let errorType, _):
            errorType.hasPrefix("Extension.") ? errorType : "Extension.\(errorType)"
        case .crashed: "Extension.Crash"
        case .timedOut: "Extension.TimedOut"
        }
    }

    public var message: String {
        switch self {
        case .reported(let name, let errorType, let exit):
            "Extension \(name) reported \(exit ? "an exit" : "an init") error: \(errorType)"
        case .crashed(let name, let status): "Extension \(name) exited with status \(status)"
        case .timedOut: "An extension did not call /event/next in time"
        }
    }
}

/// Extensions API requests refused, with Lambda's status and error type.
public enum ExtensionRejection: Error, Sendable, Equatable {
    case registerAfterInit
    case missingName
    case alreadyRegistered(String)
    case invalidEvent(String)
    case unknownIdentifier

    public var status: Int {
        switch self {
        case .registerAfterInit, .unknownIdentifier: 403
        case .missingName, .alreadyRegistered, .invalidEvent: 400
        }
    }

    public var errorType: String {
        switch self {
        case .registerAfterInit: "Extension.InvalidStateTransition"
        case .missingName: "Extension.InvalidExtensionName"
        case .alreadyRegistered: "Extension.ExtensionAlreadyRegistered"
        case .invalidEvent: "Extension.InvalidEventType"
        case .unknownIdentifier: "Extension.InvalidExtensionIdentifier"
        }
    }

    public var message: String {
        switch self {
        case .registerAfterInit: "Extensions register during init only"
        case .missingName: "Lambda-Extension-Name is required"
        case .alreadyRegistered(let name): "An extension named \(name) is registered already"
        case .invalidEvent(let event): "Unknown event \(event): extensions subscribe to INVOKE and SHUTDOWN"
        case .unknownIdentifier: "No registered extension has this Lambda-Extension-Identifier"
        }
    }
}
