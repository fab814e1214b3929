import Foundation

/// One directory laid into a ``DirectoryArchive``, with what to leave out of it.
public struct ArchiveLayer: Sendable, Equatable {
    public var root: URL
    public var exclusions: ArchiveExclusions

    public init(root: URL, exclusions: ArchiveExclusions = .none) {
        self.root = root
        self.exclusions = exclusions
    }
}
