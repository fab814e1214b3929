import LambCore
import NIOCore
import Testing

@testable import LambRuntimeAPI

/// The environment state machine, one event at a time, with plain values for the waiters and responders.
@Suite("Environment state machine: init, invocations, the pool, the freezer, and how an environment ends")
struct EnvironmentStateMachineTests {
    typealias Machine = EnvironmentStateMachine<String, String, String>

    static func event(_ id: String) -> InvocationEvent {
        InvocationEvent(
            requestId: id, invocationId: id, deadlineMs: 0, invokedFunctionArn: "arn", traceId: "trace",
            clientContext: nil, tenantId: nil, payload: ByteBuffer())
    }

    /// A machine whose runtime finished init and is parked on `/next` with `responder`.
    static func parked(pooled: Bool = false, responder: String = "next-1") -> Machine {
        var m = Machine()
        _ = m.next(responder)
        if pooled { _ = m.enteredPool() }
        return m
    }

    @Test("init ends at the first /next: a waiting engine is resumed; one that asks later learns it at once")
    func initEnds() {
        var waiting = Machine()
        guard case .wait = waiting.awaitInit("engine") else { Issue.record("expected to wait"); return }
        guard case .parked(initDone: "engine", canFreeze: false) = waiting.next("next-1") else {
            Issue.record("expected the waiter back")
            return
        }
        var late = Machine()
        _ = late.next("next-1")
        guard case .done(.ready) = late.awaitInit("engine") else { Issue.record("expected ready"); return }
        #expect(late.name == "idle")
    }

    @Test("an init error closes the environment; the engine learns it whenever it asks, even after the process ended")
    func initError() {
        var m = Machine()
        guard case .success(nil) = m.initError(body: ByteBuffer(string: "{}"), errorTypeHeader: "E") else {
            Issue.record("expected the init error to be taken")
            return
        }
        _ = m.fail(.exited(.exited(code: 1)))
        guard case .done(.initError(_, "E")) = m.awaitInit("engine") else { Issue.record("expected the init error"); return }
        #expect(m.name == "gone")
        // A second init error is refused as RIE refuses it.
        var ready = Self.parked()
        guard case .failure(.invalidStateTransition) = ready.initErrorResult() else {
            Issue.record("expected a refusal")
            return
        }
    }

    @Test(
        "freezing: only an environment that is idle, in its pool and parked is frozen, whichever came last",
        arguments: [
            (pooledFirst: true, expectFreezeAt: "next"),
            (pooledFirst: false, expectFreezeAt: "pool"),
        ])
    func freezesWhenIdlePooledAndParked(pooledFirst: Bool, expectFreezeAt: String) {
        var m = Self.parked(responder: "next-1")
        _ = m.invoke(Self.event("r1"), waiter: "caller")
        _ = m.result(for: "r1")  // back to idle, not parked, not pooled
        #expect(!m.canFreeze)
        if pooledFirst {
            let freezable = m.enteredPool()
            #expect(!freezable)
            guard case .parked(nil, canFreeze: true) = m.next("next-2") else { Issue.record("expected a freeze"); return }
        } else {
            guard case .parked(nil, canFreeze: false) = m.next("next-2") else { Issue.record("expected no freeze"); return }
            let freezable = m.enteredPool()
            #expect(freezable)
        }
        let due = m.freezeDue()
        #expect(due && m.isFrozen)
        let again = m.freezeDue()
        #expect(!again)
    }

    @Test("an invocation that takes the environment before a due freeze cancels it; one that takes a frozen one thaws it after the hand-over")
    func invocationsAndTheFreezer() {
        var notYet = Self.parked(pooled: true)
        guard case .deliver(to: "next-1", thaw: false) = notYet.invoke(Self.event("r1"), waiter: "caller") else {
            Issue.record("expected delivery without thaw")
            return
        }
        let due = notYet.freezeDue()
        let thaw = notYet.eventHandedOver()
        #expect(!due && !thaw)

        var frozen = Self.parked(pooled: true)
        _ = frozen.freezeDue()
        guard case .deliver(to: "next-1", thaw: true) = frozen.invoke(Self.event("r1"), waiter: "caller") else {
            Issue.record("expected delivery then a thaw")
            return
        }
        #expect(frozen.isFrozen)
        let thawNow = frozen.eventHandedOver()
        #expect(thawNow && !frozen.isFrozen)
        #expect(frozen.name == "invoking" && frozen.invocations == 1)
    }

    @Test("an event for a runtime not yet parked waits for its /next; a second /next during the invocation is refused")
    func pendingEvent() {
        var m = Self.parked()
        _ = m.invoke(Self.event("r1"), waiter: "caller")
        _ = m.result(for: "r1")
        guard case .keep = m.invoke(Self.event("r2"), waiter: "caller") else { Issue.record("expected keep"); return }
        guard case .respond(let event) = m.next("next-2"), event.requestId == "r2" else {
            Issue.record("expected the pending event")
            return
        }
        guard case .reject(.invalidStateTransition(from: "Invoking", to: "Next")) = m.next("next-3") else {
            Issue.record("expected a refusal")
            return
        }
    }

    @Test(
        "results: the current request id completes; a repeat, a stale or a timed-out one is refused as RIE does",
        arguments: [
            (post: "r1", timedOut: false, answered: true, expected: nil as RuntimeAPIRejection?),
            (post: "other", timedOut: false, answered: false, expected: .invalidRequestID),
            (post: "r1", timedOut: false, answered: true,
             expected: .invalidStateTransition(from: "InvocationResponse", to: "InvocationResponse")),
            (post: "r1", timedOut: true, answered: false, expected: .invokeTimeout),
        ])
    func results(post: String, timedOut: Bool, answered: Bool, expected: RuntimeAPIRejection?) {
        var m = Self.parked()
        _ = m.invoke(Self.event("r1"), waiter: "caller")
        if timedOut { _ = m.fail(.timedOut) }
        if answered && expected != nil { _ = m.result(for: "r1") }
        switch m.result(for: post) {
        case .success(let waiter):
            #expect(expected == nil && waiter == "caller")
        case .failure(let rejection):
            #expect(rejection == expected)
        }
    }

    @Test(
        "failing: the waiter of the phase is failed, the first reason stays, and the process ending makes it gone",
        arguments: [
            (phase: "initializing", expected: "init", name: "failed"),
            (phase: "idle", expected: "none", name: "failed"),
            (phase: "invoking", expected: "result", name: "failed"),
        ])
    func failing(phase: String, expected: String, name: String) {
        var m = Machine()
        switch phase {
        case "initializing": _ = m.awaitInit("engine")
        case "idle": m = Self.parked(pooled: true)
        default:
            m = Self.parked()
            _ = m.invoke(Self.event("r1"), waiter: "caller")
        }
        let failing = m.fail(.timedOut)
        switch (failing, expected) {
        case (.initWaiter("engine"), "init"), (.resultWaiter("caller"), "result"), (.nobody, "none"): break
        default: Issue.record("unexpected \(failing) for \(phase)")
        }
        #expect(m.name == name)
        _ = m.fail(.shutDown)
        #expect(m.failure == .timedOut)
        _ = m.fail(.exited(.signaled(signal: 9)))
        #expect(m.failure == .timedOut && m.name == "gone")
        guard case .failed(.timedOut) = m.invoke(Self.event("late"), waiter: "caller") else {
            Issue.record("expected an immediate failure")
            return
        }
    }

    @Test("a stop Lamb asked for shows as shuttingDown until the process is gone")
    func shuttingDown() {
        var m = Self.parked(pooled: true)
        _ = m.fail(.shutDown)
        #expect(m.name == "shuttingDown")
        _ = m.fail(.exited(.exited(code: 0)))
        #expect(m.name == "gone")
        #expect(m.failure == .shutDown)
    }

    @Test("a SnapStart template's init ends when it parks on /restore/next")
    func snapshotReady() {
        var m = Machine()
        _ = m.awaitInit("engine")
        let first = m.snapshotReady()
        let second = m.snapshotReady()
        #expect(first == "engine" && second == nil)
        #expect(m.name == "idle")
    }
}

extension EnvironmentStateMachine {
    fileprivate mutating func initErrorResult() -> Result<InitWaiter?, RuntimeAPIRejection> {
        initError(body: ByteBuffer(string: "{}"), errorTypeHeader: nil)
    }
}
