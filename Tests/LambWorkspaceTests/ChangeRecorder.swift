import Foundation
import Synchronization

/// Collects a watcher's reports, and waits (polling, with a generous deadline) for one that satisfies a test.
final class ChangeRecorder: Sendable {
    private let reports = Mutex<[[String]]>([])

    func record(_ paths: [String]) { reports.withLock { $0.append(paths) } }

    var all: [[String]] { reports.withLock { $0 } }

    /// Every path reported so far.
    var paths: Set<String> { Set(all.joined()) }

    /// Waits until `condition` holds for the reports so far, up to `deadline`; returns whether it did.
    func wait(upTo deadline: Duration = .seconds(15), until condition: ([[String]]) -> Bool) async -> Bool {
        let end = ContinuousClock.now + deadline
        while ContinuousClock.now < end {
            if condition(all) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(all)
    }

    func waitFor(_ path: String, upTo deadline: Duration = .seconds(15)) async -> Bool {
        await wait(upTo: deadline) { Set($0.joined()).contains(path) }
    }

    func clear() { reports.withLock { $0.removeAll() } }
}
