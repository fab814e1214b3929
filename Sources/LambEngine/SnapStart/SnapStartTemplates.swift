import LambCore
import Synchronization

/// Where a SnapStart version's snapshot stands: `Pending` while its template initialises, `Active` once the template
/// is parked on `/runtime/restore/next`, `Failed` when init or a before-snapshot hook failed.
public enum SnapStartState: Sendable, Equatable {
    case pending
    case active
    case failed(reasonCode: String, reason: String)
}

/// The SnapStart templates of published versions: one initialised runtime per version, kept parked, from which
/// every cold start of the version is forked.
final class SnapStartTemplates: Sendable {
    struct Key: Hashable {
        var function: String
        var version: String
    }

    struct Entry {
        var state: SnapStartState
        var template: ExecutionEnvironment?
        /// Identifies one preparation, so that a late result of a replaced one is dropped.
        var generation: Int
    }

    private let entries = Mutex([Key: Entry]())
    private let generations = Mutex(0)

    func state(_ key: Key) -> SnapStartState? { entries.withLock { $0[key]?.state } }

    func template(_ key: Key) -> (SnapStartState, ExecutionEnvironment?)? {
        entries.withLock { e in e[key].map { ($0.state, $0.template) } }
    }

    /// Starts a preparation; returns its generation and the template it replaces, if any.
    func begin(_ key: Key) -> (generation: Int, replaced: ExecutionEnvironment?) {
        let generation = generations.withLock { g in
            g += 1
            return g
        }
        let old = entries.withLock { e -> ExecutionEnvironment? in
            let old = e[key]?.template
            e[key] = Entry(state: .pending, template: nil, generation: generation)
            return old
        }
        return (generation, old)
    }

    /// Records the end of a preparation; `false` (and the caller kills `template`) when it was replaced meanwhile.
    func finish(_ key: Key, generation: Int, state: SnapStartState, template: ExecutionEnvironment?) -> Bool {
        entries.withLock { e in
            guard e[key]?.generation == generation else { return false }
            e[key] = Entry(state: state, template: template, generation: generation)
            return true
        }
    }

    /// Removes the templates matching `predicate` and returns them to be stopped.
    func remove(where predicate: (Key) -> Bool) -> [ExecutionEnvironment] {
        entries.withLock { e in
            let keys = e.keys.filter(predicate)
            return keys.compactMap { e.removeValue(forKey: $0)?.template }
        }
    }
}
