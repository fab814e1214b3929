import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The body of ``FileWatcher``'s thread: waits with `poll` on the stop pipe and the inotify descriptor (or until the
/// next snapshot is due), feeds what changed into a ``ChangeDebouncer``, and hands due paths to `deliver`.
///
/// `@unchecked Sendable` because it is handed once from the thread that makes it to the watching thread, which is
/// from then on the only one to touch it.
final class WatchLoop: @unchecked Sendable {
    enum Source {
        #if os(Linux)
            case inotify(InotifyWatches)
        #endif
        case polling(PollingWatches)
    }

    private var source: Source
    private let wakeFD: Int32
    private let roots: [String]
    private let rules: WatchIgnoreRules
    private let pollInterval: Duration
    private let deliver: @Sendable ([String]) -> Void
    private var debouncer: ChangeDebouncer<ContinuousClock.Instant>
    private var nextPoll: ContinuousClock.Instant

    init(
        source: Source, wakeFD: Int32, roots: [String], rules: WatchIgnoreRules, debounce: Duration,
        pollInterval: Duration, deliver: @escaping @Sendable ([String]) -> Void
    ) {
        self.source = source
        self.wakeFD = wakeFD
        self.roots = roots
        self.rules = rules
        self.pollInterval = pollInterval
        self.deliver = deliver
        // A burst that never goes quiet is still reported after ten quiet periods (2 s at the default).
        debouncer = ChangeDebouncer(quietPeriod: debounce, maximumDelay: debounce * 10)
        nextPoll = .now + pollInterval
    }

    var mechanism: FileWatcher.Mechanism {
        switch source {
        #if os(Linux)
            case .inotify: return .inotify
        #endif
        case .polling: return .polling
        }
    }

    /// Runs until the stop pipe is closed (or written to).
    func run() {
        defer { close(wakeFD) }
        while true {
            var fds = [pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
            #if os(Linux)
                if case .inotify(let watches) = source {
                    fds.append(pollfd(fd: watches.fd, events: Int16(POLLIN), revents: 0))
                }
            #endif
            let timeout = Self.milliseconds(until: nextWakeUp(), from: .now)
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0 && errno != EINTR { return }
            if fds[0].revents != 0 { return }
            let now = ContinuousClock.now
            switch source {
            #if os(Linux)
                case .inotify(let watches):
                    guard fds[1].revents != 0 else { break }
                    let (paths, needsPolling) = watches.readChanges()
                    debouncer.record(paths, at: now)
                    if needsPolling {
                        source = .polling(PollingWatches(roots: roots, rules: rules))
                        nextPoll = now + pollInterval
                    }
            #endif
            case .polling(let watches):
                guard now >= nextPoll else { break }
                debouncer.record(watches.changes(), at: now)
                nextPoll = now + pollInterval
            }
            if let due = debouncer.takeDue(at: .now) { deliver(due) }
        }
    }

    private func nextWakeUp() -> ContinuousClock.Instant? {
        var next = debouncer.dueAt
        if case .polling = source { next = min(next ?? nextPoll, nextPoll) }
        return next
    }

    /// `poll`'s timeout: -1 (forever) without a deadline, otherwise the time left rounded up (rounding down would
    /// wake a moment early and spin).
    static func milliseconds(until deadline: ContinuousClock.Instant?, from now: ContinuousClock.Instant) -> Int32 {
        guard let deadline else { return -1 }
        let left = now.duration(to: deadline)
        if left <= .zero { return 0 }
        let (seconds, attoseconds) = left.components
        let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: millis)
    }
}
