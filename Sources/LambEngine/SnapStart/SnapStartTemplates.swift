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
/// every cold start of the version is forked; and each version's spares, forked ahead (`SnapStartSpare`).
final class SnapStartTemplates: Sendable {
    /// How many spares a version keeps: as many as its largest burst of restores recently (the most begun within
    /// `burstWindow` of each other), at least `minimumSpares`, at most `maximumSpares` (configuration). Each costs the memory it does not share with
    /// its template (docs/versions.md).
    static let minimumSpares = 2
    let maximumSpares: Int
    /// A version with no restore for this long forgets its peak, and its spares beyond the minimum are stopped.
    static let idleSpareWindow = Duration.seconds(600)
    /// Restores begun within this of each other count as one burst. (Counting only those under way at once would
    /// miss the first ones of a burst, which are done before its last ones begin.)
    static let burstWindow = Duration.seconds(1)

    init(maximumSpares: Int = 16) {
        self.maximumSpares = max(0, maximumSpares)
    }

    struct Key: Hashable {
        var function: String
        var version: String
    }

    struct Entry {
        var state: SnapStartState
        var template: ExecutionEnvironment?
        /// Identifies one preparation, so that a late result of a replaced one is dropped.
        var generation: Int
        var spares: [SnapStartSpare] = []
        /// Whether a task is forking spares for this version.
        var filling = false
        /// Restores under way (from the decision to restore until the environment is ready).
        var restoring = 0
        /// When the restores of the last `burstWindow` began, and the largest burst since the peak was last forgotten.
        var recentRestores: [ContinuousClock.Instant] = []
        var peakRestoring = 0
        var lastRestore: ContinuousClock.Instant?

        func spareTarget(maximum: Int) -> Int {
            min(maximum, max(SnapStartTemplates.minimumSpares, peakRestoring))
        }
    }

    private let entries = Mutex([Key: Entry]())
    private let generations = Mutex(0)

    /// A copy of `key`'s entry (for tests).
    func entry(_ key: Key) -> Entry? { entries.withLock { $0[key] } }

    func state(_ key: Key) -> SnapStartState? { entries.withLock { $0[key]?.state } }

    func template(_ key: Key) -> (SnapStartState, ExecutionEnvironment?)? {
        entries.withLock { e in e[key].map { ($0.state, $0.template) } }
    }

    /// Starts a preparation; returns its generation and what it replaces (the old template and its spares).
    func begin(_ key: Key) -> (generation: Int, replaced: [ExecutionEnvironment]) {
        let generation = generations.withLock { g in
            g += 1
            return g
        }
        let old = entries.withLock { e -> [ExecutionEnvironment] in
            let old = e[key].map(Self.environments(of:)) ?? []
            e[key] = Entry(state: .pending, template: nil, generation: generation)
            return old
        }
        return (generation, old)
    }

    /// Records the end of a preparation; `false` (and the caller kills `template`) when it was replaced meanwhile.
    func finish(_ key: Key, generation: Int, state: SnapStartState, template: ExecutionEnvironment?) -> Bool {
        entries.withLock { e in
            guard e[key]?.generation == generation else { return false }
            e[key]!.state = state
            e[key]!.template = template
            return true
        }
    }

    /// Removes the templates matching `predicate` and returns them, with their spares, to be stopped.
    func remove(where predicate: (Key) -> Bool) -> [ExecutionEnvironment] {
        entries.withLock { e in
            let keys = e.keys.filter(predicate)
            return keys.flatMap { e.removeValue(forKey: $0).map(Self.environments(of:)) ?? [] }
        }
    }

    private static func environments(of entry: Entry) -> [ExecutionEnvironment] {
        for spare in entry.spares { spare.closeWakeFIFO() }
        return (entry.template.map { [$0] } ?? []) + entry.spares.map(\.environment)
    }

    // MARK: Restores and spares

    /// A restore of `key` begins: counts it, and hands out a spare if one is parked.
    func beginRestore(_ key: Key) -> SnapStartSpare? {
        entries.withLock { e in
            guard e[key] != nil else { return nil }
            let now = ContinuousClock.now
            e[key]!.restoring += 1
            e[key]!.recentRestores.removeAll { $0.duration(to: now) > Self.burstWindow }
            e[key]!.recentRestores.append(now)
            e[key]!.peakRestoring = max(e[key]!.peakRestoring, e[key]!.recentRestores.count)
            e[key]!.lastRestore = now
            return e[key]!.spares.isEmpty ? nil : e[key]!.spares.removeFirst()
        }
    }

    /// Another parked spare of `key`, if any.
    func takeSpare(_ key: Key) -> SnapStartSpare? {
        entries.withLock { e in
            guard e[key] != nil, !e[key]!.spares.isEmpty else { return nil }
            return e[key]!.spares.removeFirst()
        }
    }

    /// The current preparation of `key`.
    func generation(_ key: Key) -> Int? { entries.withLock { $0[key]?.generation } }

    /// A restore of `key` ended (ready or failed).
    func endRestore(_ key: Key) {
        entries.withLock { e in
            if e[key] != nil { e[key]!.restoring -= 1 }
        }
    }

    /// What a spare-forking task of `key` should do next.
    enum FillStep {
        /// Fork one more spare from `template`.
        case fork(template: ExecutionEnvironment)
        /// Restores are under way: try again shortly (forking now would slow them down).
        case wait
        /// Enough spares, or the version is gone or replaced: the task ends.
        case stop
    }

    /// Claims the filling of `key`'s spares for one task: `false` when another task does it already.
    func claimFilling(_ key: Key, generation: Int) -> Bool {
        entries.withLock { e in
            guard let entry = e[key], entry.generation == generation, entry.state == .active, !entry.filling
            else { return false }
            e[key]!.filling = true
            return true
        }
    }

    /// The filling task's next step; `.stop` also ends its claim.
    func nextFillStep(_ key: Key, generation: Int) -> FillStep {
        entries.withLock { e in
            guard let entry = e[key], entry.generation == generation, entry.state == .active,
                let template = entry.template, entry.spares.count < entry.spareTarget(maximum: maximumSpares)
            else {
                if e[key]?.generation == generation { e[key]!.filling = false }
                return .stop
            }
            return entry.restoring > 0 ? .wait : .fork(template: template)
        }
    }

    /// Ends a filling task's claim early (a fork failed).
    func releaseFilling(_ key: Key, generation: Int) {
        entries.withLock { e in
            if e[key]?.generation == generation { e[key]!.filling = false }
        }
    }

    /// Adds a freshly forked spare; `false` (and the caller discards it) when its version was replaced or removed.
    func addSpare(_ key: Key, generation: Int, _ spare: SnapStartSpare) -> Bool {
        entries.withLock { e in
            guard e[key]?.generation == generation else { return false }
            e[key]!.spares.append(spare)
            return true
        }
    }

    /// Forgets the peak of versions without a restore for `idleSpareWindow`; returns the spares above their new
    /// target, to be stopped.
    func trimIdleSpares(now: ContinuousClock.Instant) -> [SnapStartSpare] {
        entries.withLock { e in
            var trimmed: [SnapStartSpare] = []
            for key in e.keys {
                guard let last = e[key]!.lastRestore, last.duration(to: now) >= Self.idleSpareWindow else { continue }
                e[key]!.peakRestoring = 0
                e[key]!.lastRestore = nil
                let keep = e[key]!.spareTarget(maximum: maximumSpares)
                while e[key]!.spares.count > keep { trimmed.append(e[key]!.spares.removeLast()) }
            }
            return trimmed
        }
    }

    /// Removes every parked spare (the host is short of memory); they are forked again after later restores.
    func removeAllSpares() -> [SnapStartSpare] {
        entries.withLock { e in
            var removed: [SnapStartSpare] = []
            for key in e.keys {
                removed += e[key]!.spares
                e[key]!.spares = []
            }
            return removed
        }
    }

    /// The number of parked spares of `key`.
    func spareCount(_ key: Key) -> Int { entries.withLock { $0[key]?.spares.count ?? 0 } }
}
