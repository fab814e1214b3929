import Foundation
import LambSandbox

#if canImport(Glibc)
    import Glibc
#endif

/// Applies image layers, in order, to a root file system on the host, as a container runtime's overlay would show
/// them: whiteouts (`.wh.NAME` removes NAME from the layers below; `.wh..wh..opq` empties a directory of what lower
/// layers put there), hard links, symlinks, modes, ownership (when Lamb is root) and modification times.
///
/// Nothing is written outside the root: names with `..` are refused, and every path is resolved inside the root
/// (``RootedPath``). Devices are skipped (a function has no use for them, and making them needs privileges).
final class LayerUnpacker {
    let root: String
    private let rooted: RootedPath
    private let preserveOwnership = geteuid() == 0
    /// Directories' modes as the layers set them. While unpacking every directory is kept writable by Lamb (a later
    /// entry may go into a directory a layer made read-only); ``finish()`` applies the real modes.
    private var directoryModes: [String: mode_t] = [:]
    /// Bytes of the regular files written (hard links are counted once).
    private(set) var unpackedBytes = 0

    init(root: String) throws {
        self.root = root
        rooted = RootedPath(root: root)
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw ImageError.unreadable(root)
        }
    }

    /// Applies one layer's tar stream.
    func apply(_ tar: TarReader) throws {
        /// Paths this layer made: an opaque whiteout hides only what lower layers put in its directory.
        var madeHere = Set<String>()
        while let entry = try tar.next() {
            guard var parts = RootedPath.components(entry.path) else { throw ImageError.unsafePath(entry.path) }
            if parts.isEmpty { continue }
            let name = parts.removeLast()
            if name == ".wh..wh..opq" {
                try emptyDirectory(parts, keeping: madeHere)
                continue
            }
            if name.hasPrefix(".wh.") {
                let hidden = parts + [String(name.dropFirst(4))]
                if let parent = rooted.resolveParent(hidden) { removeTree(parent + "/" + hidden.last!) }
                continue
            }
            let full = parts + [name]
            let parent = try ensureDirectories(parts)
            let path = parent + "/" + name
            for count in 1...full.count { madeHere.insert(full.prefix(count).joined(separator: "/")) }
            try write(entry, at: path, from: tar)
        }
    }

    /// Gives directories their modes; call once, after the last layer.
    func finish() {
        // Deepest first, so that a parent losing its write bit does not matter to its children.
        for (path, mode) in directoryModes.sorted(by: { $0.key.count > $1.key.count }) {
            chmod(path, mode)
        }
    }

    // MARK: Entries

    private func write(_ entry: TarEntry, at path: String, from tar: TarReader) throws {
        // A hard link to the path itself (a tar that reached one file by two names, one through a symlinked
        // directory such as /lib -> usr/lib): the file is already there.
        if entry.kind == .hardLink, try hardLinkTarget(entry) == path { return }
        var existing = stat()
        let exists = lstat(path, &existing) == 0
        let existingIsDirectory = exists && existing.st_mode & S_IFMT == S_IFDIR
        if exists && !(entry.kind == .directory && existingIsDirectory) { removeTree(path) }
        switch entry.kind {
        case .directory:
            if !existingIsDirectory && mkdir(path, 0o755) != 0 { throw posixError("mkdir", path) }
            directoryModes[path] = mode_t(entry.mode)
            chmod(path, mode_t(entry.mode) | 0o700)
            owner(path, entry)
        case .file:
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd < 0 { throw posixError("create", path) }
            defer { close(fd) }
            try tar.readContent { chunk in
                var offset = 0
                while offset < chunk.count {
                    let written = chunk[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw posixError("write", path)
                    }
                    offset += written
                }
            }
            unpackedBytes += entry.size
            if preserveOwnership { fchown(fd, uid_t(entry.uid), gid_t(entry.gid)) }
            // After the chown, which clears set-id bits (they stay harmless: the root is mounted nosuid).
            fchmod(fd, mode_t(entry.mode))
            var times = [
                timespec(tv_sec: entry.modificationTime, tv_nsec: 0),
                timespec(tv_sec: entry.modificationTime, tv_nsec: 0),
            ]
            futimens(fd, &times)
        case .symlink:
            // The target is stored as it is: it is only ever followed inside the root (here, and in the sandbox).
            if symlink(entry.linkName, path) != 0 { throw posixError("symlink", path) }
            owner(path, entry)
        case .hardLink:
            let target = try hardLinkTarget(entry)
            if link(target, path) != 0 { throw posixError("link to \(entry.linkName)", path) }
        case .fifo:
            if mkfifo(path, mode_t(entry.mode)) != 0 { throw posixError("mkfifo", path) }
            owner(path, entry)
        case .other:
            break
        }
    }

    /// The host path a hard link entry names, resolved inside the root (its last component not followed).
    private func hardLinkTarget(_ entry: TarEntry) throws -> String {
        guard let parts = RootedPath.components(entry.linkName), !parts.isEmpty,
            let parent = rooted.resolveParent(parts)
        else { throw ImageError.unsafePath(entry.linkName) }
        return parent + "/" + parts.last!
    }

    private func owner(_ path: String, _ entry: TarEntry) {
        if preserveOwnership { lchown(path, uid_t(entry.uid), gid_t(entry.gid)) }
    }

    /// The host path of the directory `parts` names, made (0755) where a layer left it out.
    private func ensureDirectories(_ parts: [String]) throws -> String {
        guard let resolved = rooted.makeDirectories(parts) else {
            throw ImageError.corrupt("cannot make directory \(parts.joined(separator: "/"))")
        }
        return try requireDirectory(resolved)
    }

    private func requireDirectory(_ path: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw ImageError.corrupt("\(path.dropFirst(root.count)) is not a directory")
        }
        return path
    }

    /// `.wh..wh..opq` in `parts`: the directory's entries from lower layers go.
    private func emptyDirectory(_ parts: [String], keeping madeHere: Set<String>) throws {
        guard let directory = rooted.resolveFollowing(parts) else { return }
        let prefix = parts.isEmpty ? "" : parts.joined(separator: "/") + "/"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        where !madeHere.contains(prefix + name) {
            removeTree(directory + "/" + name)
        }
    }

    /// Removes what a whiteout or a replacing entry names (and forgets the modes of directories that went).
    private func removeTree(_ path: String) {
        var info = stat()
        let isDirectory = lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
        FileTree.remove(path)
        if isDirectory {
            directoryModes = directoryModes.filter { $0.key != path && !$0.key.hasPrefix(path + "/") }
        }
    }

    private func posixError(_ operation: String, _ path: String) -> ImageError {
        let reason = String(cString: strerror(errno))
        return .corrupt("\(operation) \(path.dropFirst(root.count)): \(reason)")
    }
}
