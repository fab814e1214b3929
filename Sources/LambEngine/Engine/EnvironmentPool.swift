import LambCore
import LambRuntimeAPI

/// The environments of one function version. Idle ones are reused most recently used first, so that a burst
/// leaves the oldest environments idle long enough to be reaped (as Lambda does).
struct EnvironmentPool {
    /// Idle environments, most recently used last.
    private(set) var idle: [ExecutionEnvironment] = []
    private(set) var busy: [String: ExecutionEnvironment] = [:]

    var count: Int { idle.count + busy.count }

    /// Takes the most recently used idle environment whose configuration is `revisionId`. Idle environments of an
    /// older configuration are removed and returned as `stale`, for the caller to shut down.
    mutating func takeIdle(revisionId: String) -> (environment: ExecutionEnvironment?, stale: [ExecutionEnvironment]) {
        // An environment whose runtime died while idle cannot serve: it goes with the stale ones, and the invocation
        // gets a fresh environment (a cold start), as on Lambda.
        let stale = removeIdle { $0.definition.revisionId != revisionId || $0.mailbox.failure != nil }
        // Provisioned environments serve first; on-demand ones take the spill-over.
        guard let index = idle.lastIndex(where: { $0.provisioning != nil }) ?? idle.indices.last else {
            return (nil, stale)
        }
        let env = idle.remove(at: index)
        busy[env.id] = env
        return (env, stale)
    }

    mutating func markBusy(_ env: ExecutionEnvironment) {
        busy[env.id] = env
    }

    mutating func release(_ env: ExecutionEnvironment) {
        busy[env.id] = nil
        idle.append(env)
    }

    mutating func remove(_ env: ExecutionEnvironment) {
        busy[env.id] = nil
        idle.removeAll { $0.id == env.id }
    }

    /// Removes and returns idle environments that match `predicate`.
    mutating func removeIdle(where predicate: (ExecutionEnvironment) -> Bool) -> [ExecutionEnvironment] {
        let removed = idle.filter(predicate)
        idle.removeAll(where: predicate)
        return removed
    }

    mutating func removeAll() -> [ExecutionEnvironment] {
        defer {
            idle.removeAll()
            busy.removeAll()
        }
        return idle + Array(busy.values)
    }
}
