import Foundation
import LambCore

/// The identity of one dependency install: a SHA-256 over everything that decides what the install produces — the
/// runtime, the interpreter, the manifests' bytes and the contents of the local packages they point at. Each part is
/// added with a label and its length, so that two different sets of parts can never run together into the same
/// bytes.
///
/// Not in the key: the package index's state (a `requests>=2` that would resolve to a newer release today) and the
/// user's pip/npm configuration. Pin versions (or delete the cache directory) to pick up new releases.
struct BuildCacheKey {
    /// Bumped when the layout of an install changes, so that old cache entries are not reused.
    static let layoutVersion = "lamb-dependencies-1"

    private var hash = SHA256()

    init() {
        add("layout", Self.layoutVersion)
    }

    mutating func add(_ label: String, _ text: String) {
        add(label, Array(text.utf8))
    }

    mutating func add(_ label: String, _ bytes: [UInt8]) {
        hash.update(Array("\(label)\u{0}\(bytes.count)\u{0}".utf8))
        hash.update(bytes)
    }

    /// A local package referenced by a manifest: its content if it is a file (a tarball, a wheel), a content
    /// fingerprint of the tree if it is a directory, or the fact that it is missing (the install will then fail and
    /// say so).
    mutating func addLocalPackage(_ reference: String, at url: URL) {
        add("reference", reference)
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            add("missing", url.path)
        } else if isDirectory.boolValue {
            add("directory", DirectoryFingerprint(of: url, ignoring: .localPackageSources, hashingContents: true).value)
        } else {
            add("file", FileContentHash.sha256(ofFileAt: url.path) ?? [])
        }
    }

    var hex: String {
        var copy = hash
        return copy.finalize().hexString
    }
}
