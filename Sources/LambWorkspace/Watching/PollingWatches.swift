/// The portable side of ``FileWatcher``: a snapshot of every watched tree and file, taken again on each poll and
/// compared with the last. Used where inotify does not exist, and where it fails (out of watches).
///
/// Used by one thread at a time, like ``InotifyWatches``.
final class PollingWatches {
    private let roots: [String]
    private let rules: WatchIgnoreRules
    private var snapshots: [DirectorySnapshot]

    init(roots: [String], rules: WatchIgnoreRules) {
        self.roots = roots
        self.rules = rules
        snapshots = roots.map { DirectorySnapshot(of: $0, ignoring: rules) }
    }

    /// Paths that changed since the last call (or since `init`).
    func changes() -> [String] {
        var changed: [String] = []
        for index in roots.indices {
            let now = DirectorySnapshot(of: roots[index], ignoring: rules)
            changed += now.changedPaths(since: snapshots[index])
            snapshots[index] = now
        }
        return changed
    }
}
