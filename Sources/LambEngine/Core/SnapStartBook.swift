import LambCore

/// Where a SnapStart version's snapshot stands: `Pending` while its template initialises, `Active` once the template
/// is parked on `/runtime/restore/next`, `Failed` when init or a before-snapshot hook failed.
public enum SnapStartState: Sendable, Equatable {
    case pending
    case active
    case failed(reasonCode: String, reason: String)
}

/// The SnapStart bookkeeping of published versions, part of the engine core: one initialised runtime per version
/// (its template), kept parked, from which every cold start of the version is forked; and each version's spares,
/// forked ahead (`SnapStartSpare`). Pure: time is an input (engine seconds), and the environments are the driver's.
struct SnapStartBook<Environment: Sendable, Spare: Sendable>: Sendable {
    /// How many spares a version keeps: as many as its largest burst of restores recently (the most begun within
    /// `burstWindow` of each other), at least `minimumSpares`, at most `maximumSpares` (configuration). Each costs the
    /// memory it does not share with its template (about 1.8 MiB, docs/versions.md). The minimum is sized so that half
    /// of a first burst of 15 (the median of the benchmark's first round) finds a spare before any peak is known.
    static var minimumSpares: Int { 8 }
    let maximumSpares: Int
    /// A version with no restore for this long (seconds) forgets its peak, and its spares beyond the minimum stop.
    static var idleSpareWindow: Double { 600 }
    /// Restores begun within this many seconds of each other count as one burst. (Counting only those under way at
    /// once would miss the first ones of a burst, which are done before its last ones begin.)
    static var burstWindow: Double { 1 }

    init(maximumSpares: Int = 16) {
        self.maximumSpares = max(0, maximumSpares)
    }

    struct Key: Hashable, Sendable {
        var function: String
        var version: String
    }

    struct Entry: Sendable {
        var state: SnapStartState
        var template: Environment?
        /// Identifies one preparation, so that a late result of a replaced one is dropped.
        var generation: Int
        var spares: [Spare] = []
        /// Whether a task is forking spares for this version.
        var filling = false
        /// Restores under way (from the decision to restore until the environment is ready).
        var restoring = 0
        /// When the restores of the last `burstWindow` began, and the largest burst since the peak was last forgotten.
        var recentRestores: [Double] = []
        var peakRestoring = 0
        var lastRestore: Double?

        func spareTarget(maximum: Int) -> Int {
            Swift.min(maximum, Swift.max(SnapStartBook.minimumSpares, peakRestoring))
        }
    }

    private(set) var entries: [Key: Entry] = [:]
    private var lastGeneration = 0

    func state(_ key: Key) -> SnapStartState? { entries[key]?.state }

    func template(_ key: Key) -> (SnapStartState, Environment?)? { entries[key].map { ($0.state, $0.template) } }

    /// Starts a preparation; returns its generation and what it replaces (the old template and its spares).
    mutating func begin(_ key: Key) -> (generation: Int, replaced: (templates: [Environment], spares: [Spare])) {
        lastGeneration += 1
        let old = entries[key].map(Self.contents(of:)) ?? ([], [])
        entries[key] = Entry(state: .pending, template: nil, generation: lastGeneration)
        return (lastGeneration, old)
    }

    /// Records the end of a preparation; `false` (and the caller kills `template`) when it was replaced meanwhile.
    mutating func finish(_ key: Key, generation: Int, state: SnapStartState, template: Environment?) -> Bool {
        guard entries[key]?.generation == generation else { return false }
        entries[key]!.state = state
        entries[key]!.template = template
        return true
    }

    /// Removes the versions matching `predicate`; returns their templates and spares, to be stopped.
    mutating func remove(where predicate: (Key) -> Bool) -> (templates: [Environment], spares: [Spare]) {
        var removed: (templates: [Environment], spares: [Spare]) = ([], [])
        for key in entries.keys.filter(predicate) {
            let contents = Self.contents(of: entries.removeValue(forKey: key)!)
            removed.templates += contents.templates
            removed.spares += contents.spares
        }
        return removed
    }

    private static func contents(of entry: Entry) -> (templates: [Environment], spares: [Spare]) {
        (entry.template.map { [$0] } ?? [], entry.spares)
    }

    // MARK: Restores and spares

    /// A restore of `key` begins at `now`: counts it, and hands out a spare if one is parked.
    mutating func beginRestore(_ key: Key, now: Double) -> Spare? {
        guard var entry = entries[key] else { return nil }
        entry.restoring += 1
        entry.recentRestores.removeAll { now - $0 > Self.burstWindow }
        entry.recentRestores.append(now)
        entry.peakRestoring = Swift.max(entry.peakRestoring, entry.recentRestores.count)
        entry.lastRestore = now
        let spare = entry.spares.isEmpty ? nil : entry.spares.removeFirst()
        entries[key] = entry
        return spare
    }

    /// Another parked spare of `key`, if any.
    mutating func takeSpare(_ key: Key) -> Spare? {
        guard entries[key] != nil, !entries[key]!.spares.isEmpty else { return nil }
        return entries[key]!.spares.removeFirst()
    }

    /// The current preparation of `key`.
    func generation(_ key: Key) -> Int? { entries[key]?.generation }

    /// A restore of `key` ended (ready or failed).
    mutating func endRestore(_ key: Key) {
        if entries[key] != nil { entries[key]!.restoring -= 1 }
    }

    /// What a spare-forking task of `key` should do next.
    enum FillStep {
        /// Fork one more spare from `template`.
        case fork(template: Environment)
        /// Enough spares, restores under way (forking now would slow them down; the last one to end starts the
        /// filling again), or the version is gone or replaced: the task ends.
        case stop
    }

    /// Claims the filling of `key`'s spares for one task: `false` when another task does it already.
    mutating func claimFilling(_ key: Key, generation: Int) -> Bool {
        guard let entry = entries[key], entry.generation == generation, entry.state == .active, !entry.filling
        else { return false }
        entries[key]!.filling = true
        return true
    }

    /// The filling task's next step; `.stop` also ends its claim.
    mutating func nextFillStep(_ key: Key, generation: Int) -> FillStep {
        guard let entry = entries[key], entry.generation == generation, entry.state == .active,
            let template = entry.template, entry.restoring == 0,
            entry.spares.count < entry.spareTarget(maximum: maximumSpares)
        else {
            if entries[key]?.generation == generation { entries[key]!.filling = false }
            return .stop
        }
        return .fork(template: template)
    }

    /// Ends a filling task's claim early (a fork failed).
    mutating func releaseFilling(_ key: Key, generation: Int) {
        if entries[key]?.generation == generation { entries[key]!.filling = false }
    }

    /// Adds a freshly forked spare; `false` (and the caller discards it) when its version was replaced or removed.
    mutating func addSpare(_ key: Key, generation: Int, _ spare: Spare) -> Bool {
        guard entries[key]?.generation == generation else { return false }
        entries[key]!.spares.append(spare)
        return true
    }

    /// Forgets the peak of versions without a restore for `idleSpareWindow`; returns the spares above their new
    /// target, to be stopped.
    mutating func trimIdleSpares(now: Double) -> [Spare] {
        var trimmed: [Spare] = []
        for key in entries.keys {
            guard let last = entries[key]!.lastRestore, now - last >= Self.idleSpareWindow else { continue }
            entries[key]!.peakRestoring = 0
            entries[key]!.lastRestore = nil
            let keep = entries[key]!.spareTarget(maximum: maximumSpares)
            while entries[key]!.spares.count > keep { trimmed.append(entries[key]!.spares.removeLast()) }
        }
        return trimmed
    }

    /// Removes every parked spare (the host is short of memory); they are forked again after later restores.
    mutating func removeAllSpares() -> [Spare] {
        var removed: [Spare] = []
        for key in entries.keys {
            removed += entries[key]!.spares
            entries[key]!.spares = []
        }
        return removed
    }

    /// The number of parked spares of `key`.
    func spareCount(_ key: Key) -> Int { entries[key]?.spares.count ?? 0 }
}
