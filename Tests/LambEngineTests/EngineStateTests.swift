import LambCore
import Testing

@testable import LambEngine

/// The engine core's rules, one event at a time, without processes.
@Suite("Engine core: which environment serves, which starts, which retires, which invocation is throttled")
struct EngineStateTests {
    // MARK: Limits

    @Test(
        "concurrency limits: the account limit, a reservation as a cap, reserved 0, and the unreserved pool",
        arguments: [
            // (account limit, reserved for f, invocations of f already in flight, of g, answer for one more of f)
            (account: 1000, reserved: nil as Int?, f: 0, g: 0, expected: "start"),
            (account: 2, reserved: nil, f: 1, g: 1, expected: "throttled ConcurrentInvocationLimitExceeded"),
            (account: 1000, reserved: 0, f: 0, g: 0, expected: "throttled ReservedFunctionConcurrentInvocationLimitExceeded"),
            (account: 1000, reserved: 2, f: 2, g: 0, expected: "throttled ReservedFunctionConcurrentInvocationLimitExceeded"),
            (account: 1000, reserved: 2, f: 1, g: 0, expected: "start"),
            // f's reservation is its own: g filling the unreserved pool does not throttle f.
            (account: 102, reserved: 2, f: 0, g: 100, expected: "start"),
        ])
    func concurrencyLimits(account: Int, reserved: Int?, f: Int, g: Int, expected: String) throws {
        var state = TestState.make(account: account, scaleOut: nil)
        try state.setReserved("f", reserved)
        for _ in 0..<f { _ = state.request("f") }
        for _ in 0..<g { _ = state.request("g") }
        #expect(state.request("f").0.name == expected)
    }

    @Test("a throttled request takes no unit of concurrency; an abandoned start gives its unit back")
    func unitsAreGivenBack() {
        var state = TestState.make(account: 1, scaleOut: nil)
        #expect(state.request("f").0.name == "start")
        #expect(state.request("f").0.name == "throttled ConcurrentInvocationLimitExceeded")
        state.abandonStart(of: "f")
        #expect(state.request("f").0.name == "start")
    }

    @Test(
        "the scale-out bucket: new environments beyond its burst are throttled until it refills; warm ones never are",
        arguments: [
            (now: 0.0, expected: "throttled FunctionInvocationRateLimitExceeded"),
            (now: 4.9, expected: "throttled FunctionInvocationRateLimitExceeded"),
            // 2 per 10 s: one token back after 5 s.
            (now: 5.0, expected: "start"),
        ])
    func scaleOutBucket(now: Double, expected: String) {
        var state = TestState.make(scaleOut: 2)
        let a = FakeEnvironment("a")
        #expect(state.request().0.name == "start")  // the bucket's first token
        _ = state.adopt(a)
        _ = state.invocationEnded(on: a, lost: false, now: 0)
        #expect(state.request().0.name == "warm a")  // warm: no token needed
        #expect(state.request().0.name == "start")  // the bucket's second token
        #expect(state.request(now: now).0.name == expected)
    }

    // MARK: Which environment serves

    @Test("the most recently used idle environment serves; one on the caller's loop is preferred within the window")
    func mostRecentlyUsedFirst() {
        var state = TestState.make()
        let (a, b, c) = (FakeEnvironment("a"), FakeEnvironment("b"), FakeEnvironment("c"))
        for _ in [a, b, c] { _ = state.request() }
        for env in [a, b, c] { _ = state.adopt(env) }
        for (env, t) in [(a, 1.0), (b, 2.0), (c, 3.0)] { _ = state.invocationEnded(on: env, lost: false, now: t) }
        #expect(state.request(now: 4).0.name == "warm c")
        #expect(state.request(now: 4, preferred: { $0.id == "a" }).0.name == "warm a")
        #expect(state.request(now: 4).0.name == "warm b")
        #expect(state.request(now: 4).0.name == "start")
    }

    @Test("provisioned environments serve before on-demand ones; on-demand ones take the spill-over")
    func provisionedFirst() {
        var state = TestState.make()
        let (tag, _) = state.provisioningBegan(ProvisionKey(function: "f", qualifier: "1"))
        let onDemand = FakeEnvironment("od", version: "1")
        state.startAndPool(onDemand)
        let provisioned = FakeEnvironment("pc", version: "1", provisioning: tag)
        let ready = state.provisionedReady(provisioned, now: 0)
        #expect(ready)
        #expect(state.request(version: "1").0.name == "warm pc")
        #expect(state.request(version: "1").0.name == "warm od")
        #expect(state.request(version: "1").0.name == "start")
    }

    @Test(
        "idle environments of another configuration, or whose runtime died, retire and are not used",
        arguments: [
            (revision: "r2", dead: false, expected: "start", retired: ["a"]),
            (revision: "r1", dead: true, expected: "start", retired: ["a"]),
            (revision: "r1", dead: false, expected: "warm a", retired: [String]()),
        ])
    func staleEnvironments(revision: String, dead: Bool, expected: String, retired: [String]) {
        var state = TestState.make()
        state.startAndPool(FakeEnvironment("a"))
        let (answer, stale) = state.request(revision: revision, usable: { _ in !dead })
        #expect(answer.name == expected)
        #expect(stale.environments.map(\.id) == retired)
    }

    // MARK: The end of an invocation

    @Test("an ended invocation returns its environment to the pool; a lost one leaves it, and both give the unit back")
    func invocationEnds() {
        var state = TestState.make(account: 1, scaleOut: nil)
        let a = FakeEnvironment("a")
        _ = state.request()
        _ = state.adopt(a)
        #expect(state.invocationEnded(on: a, lost: false, now: 1).pooled)
        #expect(state.idleSince(a) == 1)
        #expect(state.request().0.name == "warm a")
        let ended = state.invocationEnded(on: a, lost: true, now: 2)
        #expect(!ended.pooled && ended.replaceProvisioned == nil)
        #expect(state.environments().isEmpty)
        #expect(state.request().0.name == "start")
    }

    @Test("a lost provisioned environment of the current configuration is replaced; of a replaced one it is not")
    func lostProvisioned() {
        var state = TestState.make()
        let key = ProvisionKey(function: "f", qualifier: "1")
        let (first, _) = state.provisioningBegan(key)
        let a = FakeEnvironment("a", version: "1", provisioning: first)
        _ = state.provisionedReady(a, now: 0)
        _ = state.request(version: "1")
        #expect(state.invocationEnded(on: a, lost: true, now: 1).replaceProvisioned == first)

        let b = FakeEnvironment("b", version: "1", provisioning: first)
        _ = state.provisionedReady(b, now: 0)
        _ = state.request(version: "1")
        _ = state.provisioningBegan(key)  // a new generation while b is busy
        #expect(state.invocationEnded(on: b, lost: true, now: 1).replaceProvisioned == nil)
    }

    @Test("a new provisioned generation retires the idle environments of the old one, and busy ones when they end")
    func provisionedGenerations() {
        var state = TestState.make()
        let key = ProvisionKey(function: "f", qualifier: "1")
        let (old, _) = state.provisioningBegan(key)
        let (idle, busy) = (FakeEnvironment("idle", version: "1", provisioning: old),
                            FakeEnvironment("busy", version: "1", provisioning: old))
        _ = state.provisionedReady(idle, now: 0)
        _ = state.provisionedReady(busy, now: 1)
        #expect(state.request(version: "1").0.name == "warm busy")
        let (new, retired) = state.provisioningBegan(key)
        #expect(new.generation == old.generation + 1)
        #expect(retired.environments.map(\.id) == ["idle"])
        let ended = state.invocationEnded(on: busy, lost: false, now: 2)
        #expect(ended.retire.environments.map(\.id) == ["busy"])
        // An environment of the old generation that finishes its init late is refused.
        let late = state.provisionedReady(FakeEnvironment("late", version: "1", provisioning: old), now: 3)
        #expect(!late)
        let removed = state.provisioningRemoved(key)
        #expect(removed.isEmpty)
        #expect(!state.isCurrent(new))
    }

    // MARK: Background

    @Test(
        "keep-alive: on-demand environments idle for the window retire at a reap tick; provisioned ones never do",
        arguments: [(now: 599.0, retired: [String]()), (now: 600.0, retired: ["od"]), (now: 10_000.0, retired: ["od"])])
    func keepAlive(now: Double, retired: [String]) {
        var state = TestState.make(keepAlive: 600)
        let (tag, _) = state.provisioningBegan(ProvisionKey(function: "f", qualifier: "$LATEST"))
        state.startAndPool(FakeEnvironment("od"), now: 0)
        _ = state.provisionedReady(FakeEnvironment("pc", provisioning: tag), now: 0)
        #expect(state.reapTick(now: now).environments.map(\.id) == retired)
        #expect(state.environments().count == 2 - retired.count)
    }

    @Test("memory pressure: spares go first, then idle on-demand environments least recently used first")
    func memoryPressure() {
        var state = TestState.make()
        let key = TestState.SnapStartKeyForTests(function: "s", version: "1")
        let (generation, _) = state.snapStart.begin(key)
        _ = state.snapStart.finish(key, generation: generation, state: .active, template: nil)
        _ = state.snapStart.addSpare(key, generation: generation, FakeSpare(id: "spare"))
        let (tag, _) = state.provisioningBegan(ProvisionKey(function: "f", qualifier: "$LATEST"))
        _ = state.provisionedReady(FakeEnvironment("pc", provisioning: tag), now: 0)
        for (id, t) in [("old", 1.0), ("mid", 2.0), ("new", 3.0)] { state.startAndPool(FakeEnvironment(id), now: t) }
        let policy = MemoryPressurePolicy(reserveFraction: 0.10)
        #expect(state.memoryPressure(shortfall: 0, policy: policy) { _ in 100 }.isEmpty)
        let retired = state.memoryPressure(shortfall: 150, policy: policy) { _ in 100 }
        #expect(retired.spares == [FakeSpare(id: "spare")])
        #expect(retired.environments.map(\.id) == ["old", "mid"])
        #expect(state.environments().map(\.id).sorted() == ["new", "pc"])
    }

    // MARK: Functions changing, shutdown

    @Test(
        "a change retires $LATEST's idle environments only; a delete retires every version's, templates and spares too",
        arguments: [(deleted: false, left: ["v1"], templates: 1), (deleted: true, left: [String](), templates: 0)])
    func functionChanges(deleted: Bool, left: [String], templates: Int) {
        var state = TestState.make()
        state.startAndPool(FakeEnvironment("latest"))
        state.startAndPool(FakeEnvironment("v1", version: "1"))
        let key = TestState.SnapStartKeyForTests(function: "f", version: "1")
        _ = state.snapStart.begin(key)
        _ = state.functionChanged("f", deleted: deleted)
        #expect(state.environments().map(\.id) == left)
        #expect(state.snapStart.entries.count == templates)
    }

    @Test("a busy environment of a changed function finishes its invocation and goes back (it is the caller's to retire by revision)")
    func busyDuringChange() {
        var state = TestState.make()
        let a = FakeEnvironment("a")
        _ = state.request()
        _ = state.adopt(a)
        #expect(state.functionChanged("f", deleted: false).isEmpty)
        #expect(state.invocationEnded(on: a, lost: false, now: 1).pooled)
        // The next request carries the new revision: the old environment retires then.
        let (answer, stale) = state.request(revision: "r2")
        #expect(answer.name == "start")
        #expect(stale.environments.map(\.id) == ["a"])
    }

    @Test("shutdown retires everything, busy environments too, and refuses what comes after")
    func shutdown() {
        var state = TestState.make()
        state.startAndPool(FakeEnvironment("idle"))
        let busy = FakeEnvironment("busy")
        _ = state.request()
        _ = state.adopt(busy)
        let retired = state.shutdown()
        #expect(Set(retired.environments.map(\.id)) == ["idle", "busy"])
        #expect(state.request().0.name == "shutting down")
        let adopted = state.adopt(FakeEnvironment("late"))
        #expect(!adopted)
        let ended = state.invocationEnded(on: busy, lost: false, now: 1)
        #expect(!ended.pooled)
    }
}

extension EngineState {
    typealias SnapStartKeyForTests = SnapStartBook<Environment, Spare>.Key
}
