import Foundation
import LambWorkspace
import Logging
import ServiceLifecycle

/// The edit loop: watches every template and code directory while Lamb serves and hands each batch of changes to
/// the synchronizer. When a template change adds or removes directories, the watch follows.
struct StackWatchService: Service {
    let synchronizer: StackSynchronizer
    let logger: Logger

    func run() async throws {
        let (changes, continuation) = AsyncStream<[String]>.makeStream()
        var paths = await synchronizer.watchedPaths()
        var watcher = try watch(paths, continuation)
        for await changed in changes.cancelOnGracefulShutdown() {
            await synchronizer.filesChanged(changed)
            let now = await synchronizer.watchedPaths()
            if now != paths {
                watcher.stop()
                paths = now
                watcher = try watch(paths, continuation)
            }
        }
        watcher.stop()
        continuation.finish()
    }

    private func watch(_ paths: StackSynchronizer.WatchedPaths, _ continuation: AsyncStream<[String]>.Continuation)
        throws -> FileWatcher
    {
        let watcher = FileWatcher(
            directories: paths.directories.map { URL(fileURLWithPath: $0) },
            files: paths.files.map { URL(fileURLWithPath: $0) }
        ) { continuation.yield($0) }
        let mechanism = try watcher.start()
        logger.debug("watching the project", metadata: ["mechanism": "\(mechanism.rawValue)"])
        return watcher
    }
}
