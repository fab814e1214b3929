import LambCore
import Testing

@Suite("Environment lifecycle")
struct EnvironmentLifecycleTests {
    typealias S = EnvironmentLifecycle.State
    typealias E = EnvironmentLifecycle.Event

    @Test(
        "every allowed transition",
        arguments: [
            (S.provisioning, E.launched, S.initializing),
            (.initializing, .initDone, .idle),
            (.idle, .invokeStarted, .invoking),
            (.invoking, .invokeFinished, .idle),
            (.provisioning, .broke(reason: "spawn"), .failed),
            (.initializing, .broke(reason: "Runtime.ImportModuleError"), .failed),
            (.idle, .broke(reason: "crash"), .failed),
            (.invoking, .broke(reason: "timeout"), .failed),
            (.provisioning, .shutdownRequested, .shuttingDown),
            (.initializing, .shutdownRequested, .shuttingDown),
            (.idle, .shutdownRequested, .shuttingDown),
            (.invoking, .shutdownRequested, .shuttingDown),
            (.failed, .shutdownRequested, .shuttingDown),
            (.shuttingDown, .exited, .gone),
            (.failed, .exited, .gone),
            (.idle, .exited, .gone),
            (.invoking, .exited, .gone),
            (.initializing, .exited, .gone),
            (.provisioning, .exited, .gone),
        ])
    func allowed(from: S, event: E, to: S) {
        var lifecycle = EnvironmentLifecycle.at(from)
        let transition = lifecycle.handle(event, now: 10)
        #expect(transition?.to == to)
        #expect(lifecycle.state == to)
        #expect(lifecycle.stateSince == 10)
    }

    @Test(
        "events that make no sense in a state are refused and change nothing",
        arguments: [
            (S.provisioning, E.invokeStarted), (.initializing, .invokeFinished), (.idle, .initDone),
            (.invoking, .invokeStarted), (.gone, .launched), (.gone, .shutdownRequested), (.shuttingDown, .invokeStarted),
            (.failed, .invokeStarted), (.idle, .launched),
        ])
    func refused(from: S, event: E) {
        var lifecycle = EnvironmentLifecycle.at(from)
        let before = lifecycle
        #expect(lifecycle.handle(event, now: 99) == nil)
        #expect(lifecycle == before)
    }

    @Test("invocations are counted, last use and idle time follow the injected clock")
    func bookkeeping() {
        var l = EnvironmentLifecycle(now: 0)
        _ = l.handle(.launched, now: 0)
        _ = l.handle(.initDone, now: 1)
        _ = l.handle(.invokeStarted, now: 2)
        _ = l.handle(.invokeFinished, now: 3)
        _ = l.handle(.invokeStarted, now: 5)
        #expect(l.idleSeconds(now: 6) == 0)
        _ = l.handle(.invokeFinished, now: 6)
        #expect(l.invocations == 2)
        #expect(l.lastUsed == 6)
        #expect(l.idleSeconds(now: 10) == 4)
        _ = l.handle(.broke(reason: "Sandbox.Timedout"), now: 11)
        #expect(l.failureReason == "Sandbox.Timedout")
    }
}

extension EnvironmentLifecycle {
    /// A lifecycle driven to `state` through allowed events.
    static func at(_ state: State) -> EnvironmentLifecycle {
        var l = EnvironmentLifecycle(now: 0)
        let path: [Event] =
            switch state {
            case .provisioning: []
            case .initializing: [.launched]
            case .idle: [.launched, .initDone]
            case .invoking: [.launched, .initDone, .invokeStarted]
            case .failed: [.launched, .broke(reason: "x")]
            case .shuttingDown: [.launched, .shutdownRequested]
            case .gone: [.launched, .shutdownRequested, .exited]
            }
        for event in path { _ = l.handle(event, now: 0) }
        return l
    }
}
