import Foundation

/// Where a function's dependencies were installed: a directory to lay under its code (``DirectoryArchive``'s
/// `zip(code:dependencies:)`).
public struct InstalledDependencies: Sendable, Equatable {
    /// The directory to layer under the code: the packages themselves for pip, a `node_modules` for npm.
    public var directory: URL
    public var manager: DependencyManager
    /// The cache key (SHA-256 of the manifests and what they point at, lowercase hex).
    public var key: String
    /// True when an earlier install with the same key was reused and nothing ran.
    public var reusedFromCache: Bool

    public init(directory: URL, manager: DependencyManager, key: String, reusedFromCache: Bool) {
        self.directory = directory
        self.manager = manager
        self.key = key
        self.reusedFromCache = reusedFromCache
    }
}
