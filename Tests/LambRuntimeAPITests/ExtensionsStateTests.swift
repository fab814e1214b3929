import LambCore
import Testing

@testable import LambRuntimeAPI

/// The Extensions API's bookkeeping, one call at a time, with plain values for waiters and responders.
@Suite("Extensions: registration, init, INVOKE, SHUTDOWN and failures")
struct ExtensionsStateTests {
    typealias State = ExtensionsState<String, String>
    let invoke = ExtensionEvent(json: "{\"eventType\":\"INVOKE\"}", id: "e1")

    /// `names` registered (external, expected) and parked on `/event/next`, init done.
    func ready(_ names: [String] = ["a", "b"], events: [String] = ["INVOKE", "SHUTDOWN"]) -> State {
        var state = State(expected: Set(names))
        for name in names {
            #expect(state.register(name: name, events: events, id: name) == .registered(id: name))
            _ = state.next(id: name, responder: "next-\(name)")
        }
        #expect({ if case .done = state.awaitInit("init") { true } else { false } }())
        return state
    }

    @Test("init waits for every expected extension to register and call /event/next")
    func initWaits() {
        var state = State(expected: ["a", "b"])
        #expect({ if case .wait = state.awaitInit("init") { true } else { false } }())
        _ = state.register(name: "a", events: ["INVOKE"], id: "a")
        guard case .parked(let none) = state.next(id: "a", responder: "r") else { Issue.record(); return }
        #expect(none.isEmpty)
        _ = state.register(name: "b", events: [], id: "b")
        guard case .parked(let resumed) = state.next(id: "b", responder: "r") else { Issue.record(); return }
        #expect(resumed == ["init"])
        #expect(state.register(name: "c", events: [], id: "c") == .refused(.registerAfterInit))
    }

    @Test("registration refuses a taken name and an unknown event")
    func refusals() {
        var state = State(expected: [])
        _ = state.register(name: "a", events: [], id: "1")
        #expect(state.register(name: "a", events: [], id: "2") == .refused(.alreadyRegistered("a")))
        #expect(state.register(name: "b", events: ["PING"], id: "3") == .refused(.invalidEvent("PING")))
        #expect(state.register(name: "", events: [], id: "4") == .refused(.missingName))
        guard case .refused(.unknownIdentifier) = state.next(id: "nobody", responder: "r") else {
            Issue.record()
            return
        }
    }

    @Test("INVOKE goes to parked subscribers at once, to busy ones on their next call; done when all called next")
    func invocation() {
        var state = ready(["a", "b"])
        let delivered = state.invoke(invoke, requestId: "r1")
        #expect(Set(delivered.map(\.0)) == ["next-a", "next-b"])
        #expect({ if case .wait = state.awaitInvokeDone("done") { true } else { false } }())
        guard case .parked(let none) = state.next(id: "a", responder: "n2") else { Issue.record(); return }
        #expect(none.isEmpty)
        guard case .parked(let resumed) = state.next(id: "b", responder: "n2") else { Issue.record(); return }
        #expect(resumed == ["done"])
    }

    @Test("an extension that was not parked gets the event when it calls /event/next")
    func pending() {
        var state = State(expected: ["a"])
        _ = state.register(name: "a", events: ["INVOKE"], id: "a")
        _ = state.next(id: "a", responder: "r")
        _ = state.awaitInit("init")
        _ = state.invoke(invoke, requestId: "r1")  // delivered to the parked responder
        _ = state.invoke(invoke, requestId: "r2")  // it has not called next since: kept
        guard case .respond(let event) = state.next(id: "a", responder: "r") else { Issue.record(); return }
        #expect(event == invoke)
    }

    @Test("an exit during an invocation fails it; during the shutdown it is expected")
    func exits() {
        var state = ready(["a"])
        _ = state.invoke(invoke, requestId: "r1")
        _ = state.awaitInvokeDone("done")
        #expect(state.exited(name: "a", status: 3) == ["done"])
        #expect(state.failure == .crashed(name: "a", status: 3))
        #expect(ExtensionFailure.crashed(name: "a", status: 3).errorType == "Extension.Crash")

        var shutting = ready(["a"])
        let shutdown = ExtensionEvent(json: "{}", id: "s")
        #expect(shutting.shutDown(shutdown).map(\.0) == ["next-a"])
        #expect({ if case .wait = shutting.awaitShutdownDone("bye") { true } else { false } }())
        #expect(shutting.exited(name: "a", status: 0) == ["bye"])
        #expect(shutting.failure == nil)
    }

    @Test("an extension's reported error names its type")
    func reported() {
        #expect(ExtensionFailure.reported(name: "a", errorType: "ConfigMissing", exit: false).errorType
            == "Extension.ConfigMissing")
        #expect(ExtensionFailure.reported(name: "a", errorType: "Extension.Bad", exit: true).errorType == "Extension.Bad")
    }
}
