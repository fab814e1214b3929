import Foundation
import LambCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a directory tree looks like at one moment, entry by entry: type, mode, size and modification time (and a
/// symbolic link's target), keyed by absolute path. Two snapshots differ where something was written, created,
/// removed, renamed or chmod-ed; the polling ``FileWatcher`` compares them.
struct DirectorySnapshot: Equatable, Sendable {
    struct Metadata: Equatable, Sendable {
        var mode: UInt32
        var size: Int64
        var modifiedNanoseconds: Int64
        var linkTarget: String?
        /// SHA-256 of a regular file's bytes, when the snapshot was taken with contents.
        var contentHash: [UInt8]?
    }

    private(set) var entries: [String: Metadata] = [:]

    /// Walks `root` (a directory, or a single file) without following symbolic links, leaving out what `ignoring`
    /// ignores. A missing root gives an empty snapshot: its appearance is then a change like any other.
    init(of root: String, ignoring rules: WatchIgnoreRules, hashingContents: Bool = false) {
        guard let metadata = Self.metadata(root, hashingContents: hashingContents) else { return }
        entries[root] = metadata
        if metadata.mode & UInt32(S_IFMT) == UInt32(S_IFDIR) {
            walk(root, rules: rules, hashingContents: hashingContents)
        }
    }

    /// Paths that were added, removed or changed between `earlier` and this snapshot, sorted.
    func changedPaths(since earlier: DirectorySnapshot) -> [String] {
        var changed = Set<String>()
        for (path, metadata) in entries where earlier.entries[path] != metadata { changed.insert(path) }
        for path in earlier.entries.keys where entries[path] == nil { changed.insert(path) }
        return changed.sorted()
    }

    /// A SHA-256 of every entry, relative to `root`, in path order.
    func digest(relativeTo root: String) -> [UInt8] {
        var hash = SHA256()
        for path in entries.keys.sorted() {
            guard let m = entries[path] else { continue }
            let relative = path == root ? "." : String(path.dropFirst(root.count + 1))
            var line = "\(relative)\u{0}\(m.mode)\u{0}\(m.size)\u{0}\(m.modifiedNanoseconds)\u{0}\(m.linkTarget ?? "")"
            if let content = m.contentHash { line += "\u{0}\(content.hexString)" }
            hash.update(Array((line + "\n").utf8))
        }
        return hash.finalize()
    }

    private mutating func walk(_ directory: String, rules: WatchIgnoreRules, hashingContents: Bool) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where !rules.ignores(name: name) {
            let path = "\(directory)/\(name)"
            guard let metadata = Self.metadata(path, hashingContents: hashingContents) else { continue }
            entries[path] = metadata
            if metadata.mode & UInt32(S_IFMT) == UInt32(S_IFDIR) {
                walk(path, rules: rules, hashingContents: hashingContents)
            }
        }
    }

    private static func metadata(_ path: String, hashingContents: Bool) -> Metadata? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        #if canImport(Darwin)
            let modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
            let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        // Times that say nothing the rest does not: a directory's changes whenever an entry is added or removed
        // (the entries already say so), a link's target is compared itself, and with contents hashed a file that
        // was only touched has not changed.
        let timeMatters = type == S_IFREG && !hashingContents
        var metadata = Metadata(
            mode: UInt32(info.st_mode), size: Int64(info.st_size), modifiedNanoseconds: timeMatters ? modified : 0)
        if type == S_IFLNK {
            metadata.linkTarget = try? FileManager.default.destinationOfSymbolicLink(atPath: path)
        } else if type == S_IFREG && hashingContents {
            metadata.contentHash = FileContentHash.sha256(ofFileAt: path)
        }
        return metadata
    }
}
