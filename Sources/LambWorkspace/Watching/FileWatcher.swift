import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Watches directories (recursively) and single files for the edit loop, and reports the changed paths once the
/// file system has been quiet for `debounce` (so one editor save, with its temporary file, rename and chmod, is one
/// report). Paths ignored by ``WatchIgnoreRules`` (build output, `.git`, editor temporaries) are never reported.
///
/// On Linux it uses inotify, with a watch on every directory of each tree; elsewhere, or when inotify fails (most
/// often: `fs.inotify.max_user_watches` reached), it compares snapshots every `pollInterval`. Either way the waiting
/// happens on a dedicated thread, not on Swift's cooperative pool, and `onChange` is called on that thread.
///
/// Watching starts with ``start()`` (or ``run()``): the watches are in place when it returns, so a change made after
/// that is seen. It ends with ``stop()`` (or when ``run()``'s task is cancelled); after `stop` returns no new report
/// starts. A watched directory that is removed and made again is not watched again; watch its parent instead.
public final class FileWatcher: Sendable {
    public enum Mechanism: String, Sendable {
        case inotify, polling
    }

    /// Receives the changed paths (absolute, sorted, each once).
    public typealias ChangeHandler = @Sendable ([String]) -> Void

    public let directories: [String]
    public let files: [String]
    private let debounce: Duration
    private let pollInterval: Duration
    private let rules: WatchIgnoreRules
    private let preferred: Mechanism
    private let onChange: ChangeHandler
    private let state = Mutex(State.idle)

    private enum State {
        case idle
        case running(stopFD: Int32, mechanism: Mechanism)
        case stopped
    }

    /// - Parameters:
    ///   - mechanism: `.polling` forces polling (tests, file systems where inotify sees nothing, such as some network
    ///     mounts); `.inotify` uses it where it exists.
    public init(
        directories: [URL], files: [URL] = [], debounce: Duration = .milliseconds(200),
        pollInterval: Duration = .seconds(1), ignoring rules: WatchIgnoreRules = .standard,
        mechanism: Mechanism = .inotify, onChange: @escaping ChangeHandler
    ) {
        self.directories = directories.map { $0.standardizedFileURL.path }
        self.files = files.map { $0.standardizedFileURL.path }
        self.debounce = debounce
        self.pollInterval = pollInterval
        self.rules = rules
        self.preferred = mechanism
        self.onChange = onChange
    }

    /// Sets the watches up and starts the watching thread; returns how it watches. Calling it again returns the
    /// mechanism in use; after ``stop()`` it does nothing more.
    @discardableResult
    public func start() throws -> Mechanism {
        try state.withLock { state -> Mechanism in
            switch state {
            case .running(_, let mechanism): return mechanism
            case .stopped: return preferred
            case .idle: break
            }
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw WatcherError(operation: "pipe", errno: errno) }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            let source = makeSource()
            let loop = WatchLoop(
                source: source, wakeFD: fds[0], roots: directories + files, rules: rules,
                debounce: debounce, pollInterval: pollInterval
            ) { [self] paths in deliver(paths) }
            // Read before the thread starts: from then on only the thread touches the loop.
            let mechanism = loop.mechanism
            let thread = Thread { loop.run() }
            thread.name = "lamb-file-watcher"
            thread.start()
            state = .running(stopFD: fds[1], mechanism: mechanism)
            return mechanism
        }
    }

    /// Stops watching. The thread ends at its next wake-up, which closing the pipe causes at once.
    public func stop() {
        state.withLock { state in
            if case .running(let stopFD, _) = state { close(stopFD) }
            state = .stopped
        }
    }

    /// Watches until the calling task is cancelled (a service's `run()`).
    public func run() async throws {
        try start()
        defer { stop() }
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
    }

    /// How the running watcher watches (`nil` before ``start()`` and after ``stop()``).
    public var mechanism: Mechanism? {
        state.withLock { state in
            if case .running(_, let mechanism) = state { return mechanism }
            return nil
        }
    }

    private func deliver(_ paths: [String]) {
        let running = state.withLock { state -> Bool in
            if case .running = state { return true }
            return false
        }
        if running { onChange(paths) }
    }

    private func makeSource() -> WatchLoop.Source {
        #if os(Linux)
            if preferred == .inotify,
                let watches = try? InotifyWatches(directories: directories, files: files, rules: rules)
            {
                return .inotify(watches)
            }
        #endif
        return .polling(PollingWatches(roots: directories + files, rules: rules))
    }
}
