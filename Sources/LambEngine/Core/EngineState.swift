import LambCore

/// The engine's core: every rule about which environment serves, which starts, which retires and which invocation
/// is throttled, as one value. Each method is an event (an invocation was requested, an environment is ready, an
/// invocation ended, a function changed, a reap tick, memory pressure, shutdown) and returns what the driver must do
/// (use this warm environment, start one, retire these, throttle with this reason).
///
/// Pure: no I/O, no clock reads (time is an input, in engine seconds), no processes; the driver
/// (``InvocationEngine``) keeps it under one lock and carries out the actions. Generic over the environment so that
/// its tests use plain values.
struct EngineState<Environment: PooledEnvironment, Spare: Sendable>: Sendable {
    struct Limits: Sendable {
        var accountConcurrency = Quotas.defaultAccountConcurrency
        /// New environments a function may start per `scaleOutPeriod` seconds; `nil` turns the limit off.
        var scaleOut: Int? = 1000
        var scaleOutPeriod: Double = 10
        /// Idle on-demand environments retire after this many seconds.
        var keepAlive: Double = 600
        var snapStartSpares = 16
    }

    let limits: Limits
    private(set) var pools: [PoolKey: EnvironmentPool<Environment>] = [:]
    private(set) var concurrency: ConcurrencyLimiter
    private var scaleOutBuckets: [String: TokenBucket] = [:]
    /// The current generation of each provisioned concurrency configuration; environments of older ones retire.
    var provisionGenerations: [ProvisionKey: Int] = [:]
    /// SnapStart templates and spares of published versions.
    var snapStart: SnapStartBook<Environment, Spare>
    private(set) var shuttingDown = false

    typealias Retired = Retirement<Environment, Spare>

    init(limits: Limits) {
        self.limits = limits
        self.concurrency = ConcurrencyLimiter(accountLimit: limits.accountConcurrency)
        self.snapStart = SnapStartBook(maximumSpares: limits.snapStartSpares)
    }

    // MARK: Invocations

    /// What an invocation request gets.
    enum Acquisition: Sendable {
        /// This idle environment, now busy.
        case warm(Environment)
        /// A new environment must be started (its unit of concurrency is taken; the driver gives it back with
        /// ``abandonStart(of:)`` if the start fails before ``adopt(_:)``).
        case start
        /// Refused: throttled for `reason`, or Lamb is shutting down.
        case throttled(ThrottleReason)
        case shuttingDown
    }

    /// An invocation of `key` at configuration `revisionId` was requested at `now`. `usable` says whether an idle
    /// environment can still serve (its runtime may have died while idle); `preferred` which ones serve best (on the
    /// caller's event loop). Environments found stale on the way are retired, whatever the answer.
    mutating func invocationRequested(
        _ key: PoolKey, revisionId: String, now: Double,
        usable: (Environment) -> Bool = { _ in true }, preferred: (Environment) -> Bool = { _ in false }
    ) -> (Acquisition, retire: Retired) {
        if shuttingDown { return (.shuttingDown, Retired()) }
        if let reason = concurrency.acquire(key.function) { return (.throttled(reason), Retired()) }
        let (env, stale) = pools[key, default: EnvironmentPool()].takeIdle(
            revisionId: revisionId, usable: usable, preferred: preferred)
        let retired = Retired(environments: stale)
        if let env { return (.warm(env), retired) }
        guard takeScaleOutToken(key.function, now: now) else {
            concurrency.release(key.function)
            return (.throttled(.functionInvocationRateLimitExceeded), retired)
        }
        return (.start, retired)
    }

    private mutating func takeScaleOutToken(_ function: String, now: Double) -> Bool {
        guard let capacity = limits.scaleOut else { return true }
        var bucket = scaleOutBuckets[function] ?? TokenBucket(capacity: capacity, per: limits.scaleOutPeriod, now: now)
        defer { scaleOutBuckets[function] = bucket }
        return bucket.take(now: now)
    }

    /// A start that `.start` asked for failed before its environment was adopted (or a restore failed): the
    /// invocation's unit of concurrency is given back.
    mutating func abandonStart(of function: String) {
        concurrency.release(function)
    }

    /// A newly started environment serves the invocation that started it: it joins its pool as busy. `false` when Lamb
    /// is shutting down (the driver kills it).
    mutating func adopt(_ env: Environment) -> Bool {
        if shuttingDown { return false }
        pools[env.poolKey, default: EnvironmentPool()].markBusy(env)
        return true
    }

    /// What the end of an invocation means for its environment.
    struct Ended: Sendable {
        /// The environment went back to idle (the driver may freeze it).
        var pooled = false
        var retire = Retired()
        /// A provisioned environment was lost: the driver initialises another for this configuration.
        var replaceProvisioned: ProvisionTag?
    }

    /// An invocation on `env` ended at `now`; `lost` when the environment cannot serve again (crash, timeout, failed
    /// init). Its unit of concurrency is given back.
    mutating func invocationEnded(on env: Environment, lost: Bool, now: Double) -> Ended {
        defer { concurrency.release(env.poolKey.function) }
        var ended = Ended()
        if lost {
            pools[env.poolKey]?.remove(env)
            if let tag = env.provisioning, isCurrent(tag), !shuttingDown { ended.replaceProvisioned = tag }
            return ended
        }
        guard pools[env.poolKey]?.isBusy(env) == true else { return ended }
        if shuttingDown || !isCurrent(env.provisioning) {
            pools[env.poolKey]?.remove(env)
            ended.retire.environments = [env]
        } else {
            ended.pooled = pools[env.poolKey]!.release(env, now: now)
        }
        return ended
    }

    /// An environment was lost outside an invocation's end (a failed restore): it leaves its pool.
    mutating func environmentLost(_ env: Environment) {
        pools[env.poolKey]?.remove(env)
    }

    /// Sets (or with `nil` removes) a function's reserved concurrency (``ConcurrencyLimiter/setReserved(_:_:)``).
    mutating func setReserved(_ function: String, _ value: Int?) throws(LambError) {
        try concurrency.setReserved(function, value)
    }

    // MARK: Functions changing

    /// A function's code or configuration changed (`$LATEST`'s idle environments retire: published versions never
    /// change), or it was deleted (every idle environment, template and spare retires). Busy environments finish their
    /// invocation and are not reused.
    mutating func functionChanged(_ name: String, deleted: Bool) -> Retired {
        var retired = Retired()
        if deleted {
            provisionGenerations = provisionGenerations.filter { $0.key.function != name }
            retired += retiring(snapStart.remove { $0.function == name })
        }
        for key in pools.keys where key.function == name && (deleted || key.version == FunctionDefinition.latest) {
            retired.environments += pools[key]!.removeIdle { _ in true }
            if deleted && pools[key]!.busy.isEmpty { pools[key] = nil }
        }
        return retired
    }

    /// A published version was deleted: its environments, template and spares retire (busy ones when they finish).
    mutating func versionDeleted(_ key: PoolKey) -> Retired {
        provisionGenerations[ProvisionKey(function: key.function, qualifier: key.version)] = nil
        var retired = retiring(snapStart.remove { $0.function == key.function && $0.version == key.version })
        guard pools[key] != nil else { return retired }
        retired.environments += pools[key]!.removeIdle { _ in true }
        if pools[key]!.busy.isEmpty { pools[key] = nil }
        return retired
    }

    private func retiring(_ removed: (templates: [Environment], spares: [Spare])) -> Retired {
        Retired(environments: removed.templates, spares: removed.spares)
    }

    // MARK: Background

    /// A reap tick at `now`: on-demand environments idle for the keep-alive window retire (provisioned ones never
    /// do), and so do spares beyond what recent restores needed.
    mutating func reapTick(now: Double) -> Retired {
        var retired = Retired()
        for key in pools.keys {
            retired.environments += pools[key]!.removeIdleEntries { entry in
                entry.environment.provisioning == nil && now - entry.since >= limits.keepAlive
            }
        }
        retired.spares = snapStart.trimIdleSpares(now: now)
        return retired
    }

    /// The host is `shortfall` bytes short of its memory reserve: spares retire first (no one uses them), then idle
    /// on-demand environments, least recently used first, until their memory (`memory(env)`, bytes) covers it.
    mutating func memoryPressure(
        shortfall: UInt64, policy: MemoryPressurePolicy, memory: (Environment) -> UInt64
    ) -> Retired {
        guard shortfall > 0 else { return Retired() }
        var retired = Retired(spares: snapStart.removeAllSpares())
        var candidates: [MemoryPressurePolicy.Candidate] = []
        for pool in pools.values {
            for entry in pool.idle where entry.environment.provisioning == nil {
                candidates.append(
                    .init(id: entry.environment.id, lastUsed: entry.since, memoryBytes: memory(entry.environment)))
            }
        }
        let victims = Set(policy.victims(candidates, shortfall: shortfall))
        guard !victims.isEmpty else { return retired }
        for key in pools.keys {
            retired.environments += pools[key]!.removeIdle { victims.contains($0.id) }
        }
        return retired
    }

    /// Lamb stops: every environment, template and spare retires (busy ones too: their invocations end with an
    /// error), and every later request is refused.
    mutating func shutdown() -> Retired {
        shuttingDown = true
        var retired = Retired()
        for key in pools.keys { retired.environments += pools[key]!.removeAll() }
        pools.removeAll()
        retired += retiring(snapStart.remove { _ in true })
        return retired
    }

    // MARK: Pool edits for the core's other files

    mutating func removeIdle(in key: PoolKey, where predicate: (Environment) -> Bool) -> [Environment] {
        pools[key]?.removeIdle(where: predicate) ?? []
    }

    /// Puts an environment straight into its pool's idle list (one that initialised ahead of any invocation).
    mutating func adoptIdle(_ env: Environment, now: Double) {
        pools[env.poolKey, default: EnvironmentPool()].markBusy(env)
        _ = pools[env.poolKey]!.release(env, now: now)
    }

    // MARK: Listings

    /// Every pooled environment (of one function, if given), idle and busy.
    func environments(function: String? = nil) -> [Environment] {
        pools.filter { function == nil || $0.key.function == function }
            .flatMap { $0.value.idleEnvironments + Array($0.value.busy.values) }
    }

    /// Idle on-demand environments: the ones memory pressure may retire.
    func idleOnDemandEnvironments() -> [Environment] {
        pools.values.flatMap { $0.idleEnvironments.filter { $0.provisioning == nil } }
    }

    /// When each idle environment went back to its pool.
    func idleSince(_ env: Environment) -> Double? {
        pools[env.poolKey]?.idle.first { $0.environment.id == env.id }?.since
    }
}
