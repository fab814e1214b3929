import Foundation
import LambCore

/// A cheap summary of a directory tree (or a single file): equal fingerprints mean nothing the edit loop cares
/// about was written, created, removed, renamed or chmod-ed in between.
///
/// By default it hashes each entry's path, type, mode, size and modification time (nanoseconds), not file contents,
/// so it costs one `lstat` per entry: an editor that rewrites a file with the same bytes still counts as a change,
/// which only costs a redundant reload. With `hashingContents` it hashes file bytes as well; the dependency build uses
/// that for local packages, whose identity is their content.
public struct DirectoryFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The SHA-256, lowercase hex.
    public let value: String

    public init(of root: URL, ignoring rules: WatchIgnoreRules = .standard, hashingContents: Bool = false) {
        let path = root.standardizedFileURL.path
        let snapshot = DirectorySnapshot(of: path, ignoring: rules, hashingContents: hashingContents)
        value = snapshot.digest(relativeTo: path).hexString
    }

    public var description: String { value }
}
