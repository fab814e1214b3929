/// Gathers changed paths until the file system has been quiet for a while, so that an editor's save (write a
/// temporary file, rename it over the original, chmod it) or a `git checkout` of many files is one change.
///
/// Pure: the watcher passes `now` with every event and asks when to look again. A stream of changes that never goes
/// quiet (a build writing into a watched directory) is still reported once `maximumDelay` has passed since its first
/// change, so the edit loop never waits forever.
struct ChangeDebouncer<Instant: InstantProtocol> where Instant.Duration == Duration {
    let quietPeriod: Duration
    let maximumDelay: Duration
    private(set) var pending: Set<String> = []
    private var firstChange: Instant?
    private var lastChange: Instant?

    init(quietPeriod: Duration, maximumDelay: Duration) {
        self.quietPeriod = quietPeriod
        self.maximumDelay = max(quietPeriod, maximumDelay)
    }

    mutating func record(_ paths: some Sequence<String>, at now: Instant) {
        var any = false
        for path in paths {
            pending.insert(path)
            any = true
        }
        guard any else { return }
        if firstChange == nil { firstChange = now }
        lastChange = now
    }

    /// When the pending paths are due, or `nil` when nothing is pending.
    var dueAt: Instant? {
        guard let firstChange, let lastChange else { return nil }
        let quiet = lastChange.advanced(by: quietPeriod)
        let cap = firstChange.advanced(by: maximumDelay)
        return quiet < cap ? quiet : cap
    }

    /// The pending paths, sorted, if they are due at `now`; they are then no longer pending.
    mutating func takeDue(at now: Instant) -> [String]? {
        guard let dueAt, now >= dueAt else { return nil }
        defer {
            pending.removeAll()
            firstChange = nil
            lastChange = nil
        }
        return pending.sorted()
    }
}
