/// The lifecycle of one execution environment, as a pure state machine:
///
///     provisioning → initializing → idle ⇄ invoking → shuttingDown → gone
///                          ╰──────────────┴──────→ failed (init error, timeout, crash) → shuttingDown → gone
///
/// `handle(_:now:)` applies an event at time `now` (seconds on any monotonic clock the caller chooses) and returns
/// the transition, or `nil` when the event is not allowed in the current state (the caller logs and ignores it).
public struct EnvironmentLifecycle: Sendable, Equatable {
    public enum State: String, Sendable, Equatable, Codable {
        case provisioning, initializing, idle, invoking, shuttingDown, gone, failed
    }

    public enum Event: Sendable, Equatable {
        /// The runtime process was started.
        case launched
        /// The runtime asked for its first event.
        case initDone
        case invokeStarted
        case invokeFinished
        /// Init error or overrun, timeout, crash, OOM: the environment cannot serve again.
        case broke(reason: String)
        case shutdownRequested
        /// The process tree is gone.
        case exited
    }

    public struct Transition: Sendable, Equatable {
        public var from: State
        public var to: State
        public var event: Event
    }

    public private(set) var state: State = .provisioning
    public private(set) var createdAt: Double
    public private(set) var stateSince: Double
    public private(set) var lastUsed: Double
    public private(set) var invocations = 0
    public private(set) var failureReason: String?

    public init(now: Double) {
        createdAt = now
        stateSince = now
        lastUsed = now
    }

    public mutating func handle(_ event: Event, now: Double) -> Transition? {
        guard let next = Self.next(state, event) else { return nil }
        let transition = Transition(from: state, to: next, event: event)
        switch event {
        case .invokeStarted:
            invocations += 1
            lastUsed = now
        case .invokeFinished:
            lastUsed = now
        case .broke(let reason):
            failureReason = reason
        default:
            break
        }
        state = next
        stateSince = now
        return transition
    }

    /// The transition table.
    static func next(_ state: State, _ event: Event) -> State? {
        switch (state, event) {
        case (.provisioning, .launched): .initializing
        case (.initializing, .initDone): .idle
        case (.idle, .invokeStarted): .invoking
        case (.invoking, .invokeFinished): .idle
        case (.provisioning, .broke), (.initializing, .broke), (.idle, .broke), (.invoking, .broke): .failed
        case (.provisioning, .shutdownRequested), (.initializing, .shutdownRequested), (.idle, .shutdownRequested),
            (.invoking, .shutdownRequested), (.failed, .shutdownRequested):
            .shuttingDown
        case (.shuttingDown, .exited), (.failed, .exited), (.provisioning, .exited), (.initializing, .exited),
            (.idle, .exited), (.invoking, .exited):
            .gone
        default: nil
        }
    }

    /// Seconds since the environment last finished (or started) an invocation.
    public func idleSeconds(now: Double) -> Double { state == .idle ? now - lastUsed : 0 }
}
