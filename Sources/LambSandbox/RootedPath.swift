#if canImport(Glibc)
    import Glibc
#endif

/// Paths inside a container image's root file system, resolved on the host the way the kernel would resolve them
/// after a chroot into it: symbolic links are followed with the root as `/`, and `..` never climbs above it. Every
/// host path the image unpacker writes to goes through here (and the sandbox finds an image's entry point with it),
/// so a layer cannot reach outside the root (with `../x` names, or with a symlink planted by one entry and written
/// through by a later one).
public struct RootedPath: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    /// The path's components with `.` and empty ones dropped; `nil` when a `..` is among them (tar entries with
    /// `..` are refused outright, as container runtimes refuse them).
    public static func components(_ path: String) -> [String]? {
        var parts: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { return nil }
            parts.append(String(part))
        }
        return parts
    }

    /// The host path of the directory that holds `components.last`, every symlink on the way resolved inside the
    /// root. Missing directories are left to the caller (`nil` then).
    public func resolveParent(_ components: [String]) -> String? {
        resolve(Array(components.dropLast()), depth: 0).map {
            $0.isEmpty ? root : root + "/" + $0.joined(separator: "/")
        }
    }

    /// `components` fully resolved (the last one followed too), as a host path; `nil` when a part is missing.
    public func resolveFollowing(_ components: [String]) -> String? {
        resolve(components, depth: 0).map { $0.isEmpty ? root : root + "/" + $0.joined(separator: "/") }
    }

    /// `components` resolved as a directory, making (0755) every missing one on the way, where symlinks lead
    /// included (a layer may write through a link to a directory that only a later entry fills).
    public func makeDirectories(_ components: [String]) -> String? {
        resolve(components, depth: 0, create: true).map { $0.isEmpty ? root : root + "/" + $0.joined(separator: "/") }
    }

    /// Walks `components` from the root, replacing each symlink by its target (absolute targets from the root,
    /// relative ones from the link's directory; `..` stops at the root). Returns the resolved components.
    private func resolve(_ components: [String], depth: Int, create: Bool = false) -> [String]? {
        if depth > 40 { return nil }
        var resolved: [String] = []
        var pending = components[...]
        var hops = depth
        while let part = pending.first {
            pending = pending.dropFirst()
            if part == "." || part.isEmpty { continue }
            if part == ".." {
                _ = resolved.popLast()
                continue
            }
            let host = root + "/" + (resolved + [part]).joined(separator: "/")
            var info = stat()
            if lstat(host, &info) != 0 {
                guard create, errno == ENOENT, mkdir(host, 0o755) == 0 else { return nil }
                resolved.append(part)
                continue
            }
            if info.st_mode & S_IFMT == S_IFLNK {
                hops += 1
                if hops > 40 { return nil }
                guard let target = Self.readLink(host) else { return nil }
                if target.hasPrefix("/") { resolved = [] }
                let targetParts = target.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
                pending = (targetParts + pending)[...]
                continue
            }
            resolved.append(part)
        }
        return resolved
    }

    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension RootedPath {
    /// The path inside the root that `command` names, as `execve` after a `chdir(workingDirectory)` would find it
    /// (a name without a slash is searched in `searchPath`, as a shell or Docker's exec does), with the host path of
    /// the file; `nil` when nothing is there.
    public func command(_ command: String, workingDirectory: String, searchPath: String?) -> (
        inside: String, host: String
    )? {
        let candidates: [String]
        if command.hasPrefix("/") {
            candidates = [command]
        } else if command.contains("/") {
            candidates = [(workingDirectory == "/" ? "" : workingDirectory) + "/" + command]
        } else {
            candidates = (searchPath ?? "").split(separator: ":").map { "\($0)/\(command)" }
        }
        for inside in candidates {
            guard let parts = Self.components(inside), let host = resolveFollowing(parts) else { continue }
            var info = stat()
            if stat(host, &info) == 0 && info.st_mode & S_IFMT == S_IFREG { return (inside, host) }
        }
        return nil
    }

    /// Whether `path` (inside) is a directory.
    public func isDirectory(_ path: String) -> Bool {
        guard let parts = Self.components(path), let host = resolveFollowing(parts) else { return false }
        var info = stat()
        return stat(host, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}
