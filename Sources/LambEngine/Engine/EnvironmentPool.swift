import LambCore
import LambRuntimeAPI
import NIOCore

/// The environments of one function version. Idle ones are reused most recently used first, so that a burst
/// leaves the oldest environments idle long enough to be reaped (as Lambda does).
struct EnvironmentPool {
    /// Idle environments, most recently used last.
    private(set) var idle: [ExecutionEnvironment] = []
    private(set) var busy: [String: ExecutionEnvironment] = [:]

    var count: Int { idle.count + busy.count }

    /// Takes the most recently used idle environment whose configuration is `revisionId`, preferring provisioned ones,
    /// then one whose runtime is served by the calling thread's event loop. Idle environments of an older
    /// configuration, or whose runtime died while idle, are removed and returned as `stale` for the caller to shut
    /// down; the invocation then gets a fresh environment (a cold start), as on Lambda.
    mutating func takeIdle(revisionId: String) -> (environment: ExecutionEnvironment?, stale: [ExecutionEnvironment]) {
        var stale: [ExecutionEnvironment] = []
        if idle.contains(where: { $0.definition.revisionId != revisionId }) {
            stale = removeIdle { $0.definition.revisionId != revisionId }
        }
        while let index = pick() {
            let env = idle.remove(at: index)
            if env.mailbox.failure != nil {
                stale.append(env)
                continue
            }
            busy[env.id] = env
            return (env, stale)
        }
        return (nil, stale)
    }

    /// How many of the most recently used environments are looked at for one on the caller's event loop.
    private static let loopAffinityWindow = 8

    private func pick() -> Int? {
        // Provisioned environments serve first; on-demand ones take the spill-over.
        if let provisioned = idle.lastIndex(where: { $0.provisioning != nil }) { return provisioned }
        guard let last = idle.indices.last else { return nil }
        let window = idle.indices.suffix(Self.loopAffinityWindow).reversed()
        return window.first { idle[$0].eventLoop.inEventLoop } ?? last
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
