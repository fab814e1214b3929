/// The environments of one function version. Idle ones are reused most recently used first, so that a burst
/// leaves the oldest environments idle long enough to be reaped (as Lambda does).
struct EnvironmentPool<Environment: PooledEnvironment>: Sendable {
    struct Idle: Sendable {
        var environment: Environment
        /// When it went back into the pool (engine seconds).
        var since: Double
    }

    /// Idle environments, most recently used last.
    private(set) var idle: [Idle] = []
    private(set) var busy: [String: Environment] = [:]

    var idleEnvironments: [Environment] { idle.map(\.environment) }

    /// Takes the most recently used idle environment whose configuration is `revisionId`, preferring provisioned ones,
    /// then one `preferred` accepts (the engine: one served by the caller's event loop). Idle environments of an older
    /// configuration, or that `usable` rejects (their runtime died while idle), are removed and returned as `stale`
    /// for the caller to shut down; the invocation then gets a fresh environment (a cold start), as on Lambda.
    mutating func takeIdle(
        revisionId: String, usable: (Environment) -> Bool, preferred: (Environment) -> Bool
    ) -> (environment: Environment?, stale: [Environment]) {
        var stale: [Environment] = []
        if idle.contains(where: { $0.environment.revisionId != revisionId }) {
            stale = removeIdle { $0.revisionId != revisionId }
        }
        while let index = pick(preferred) {
            let env = idle.remove(at: index).environment
            if !usable(env) {
                stale.append(env)
                continue
            }
            busy[env.id] = env
            return (env, stale)
        }
        return (nil, stale)
    }

    /// How many of the most recently used environments are looked at for a preferred one.
    static var affinityWindow: Int { 8 }

    private func pick(_ preferred: (Environment) -> Bool) -> Int? {
        // Provisioned environments serve first; on-demand ones take the spill-over.
        if let provisioned = idle.lastIndex(where: { $0.environment.provisioning != nil }) { return provisioned }
        guard let last = idle.indices.last else { return nil }
        let window = idle.indices.suffix(Self.affinityWindow).reversed()
        return window.first { preferred(idle[$0].environment) } ?? last
    }

    mutating func markBusy(_ env: Environment) {
        busy[env.id] = env
    }

    /// A busy environment goes back to idle; `false` when it was not busy here.
    mutating func release(_ env: Environment, now: Double) -> Bool {
        guard busy.removeValue(forKey: env.id) != nil else { return false }
        idle.append(Idle(environment: env, since: now))
        return true
    }

    func isBusy(_ env: Environment) -> Bool { busy[env.id] != nil }

    mutating func remove(_ env: Environment) {
        busy[env.id] = nil
        idle.removeAll { $0.environment.id == env.id }
    }

    /// Removes and returns idle environments whose entry (the environment and when it went idle) matches
    /// `predicate`.
    mutating func removeIdleEntries(where predicate: (Idle) -> Bool) -> [Environment] {
        let removed = idle.filter(predicate).map(\.environment)
        idle.removeAll(where: predicate)
        return removed
    }

    /// Removes and returns idle environments that match `predicate`.
    mutating func removeIdle(where predicate: (Environment) -> Bool) -> [Environment] {
        removeIdleEntries { predicate($0.environment) }
    }

    mutating func removeAll() -> [Environment] {
        defer {
            idle.removeAll()
            busy.removeAll()
        }
        return idle.map(\.environment) + Array(busy.values)
    }
}
