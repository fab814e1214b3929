import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The entries of several directories laid one over another, as `sam build` lays a function's own files over the
/// dependencies it installed into the same artifact directory: a later layer's entry replaces an earlier one at the
/// same path, and when a file replaces a directory (or the reverse) nothing of the replaced one survives.
struct LayeredTree {
    enum Kind: Equatable {
        case file, directory, symbolicLink
    }

    struct Entry: Equatable {
        /// Where the entry's bytes and mode are read from.
        var source: URL
        var kind: Kind
    }

    private(set) var entries: [String: Entry] = [:]

    init(layers: [ArchiveLayer]) throws(DirectoryArchiveError) {
        for layer in layers {
            try add(directory: "", depth: 0, of: layer)
        }
    }

    /// Archive paths depth first, in name order within each directory (a directory before its contents), so the
    /// same trees always give the same archive.
    var orderedPaths: [String] {
        entries.keys
            .map { ($0, $0.split(separator: "/", omittingEmptySubsequences: false)) }
            .sorted { $0.1.lexicographicallyPrecedes($1.1) }
            .map(\.0)
    }

    private mutating func add(directory relative: String, depth: Int, of layer: ArchiveLayer)
        throws(DirectoryArchiveError)
    {
        let directoryURL = relative.isEmpty ? layer.root : layer.root.appendingPathComponent(relative)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directoryURL.path).sorted()
        } catch {
            throw DirectoryArchiveError("cannot list \(directoryURL.path): \(error.localizedDescription)")
        }
        for name in names {
            let path = relative.isEmpty ? name : "\(relative)/\(name)"
            let fileURL = layer.root.appendingPathComponent(path)
            let kind = try Self.kind(of: fileURL)
            if layer.exclusions.excludes(name: name, depth: depth, isDirectory: kind == .directory) { continue }
            insert(path, Entry(source: fileURL, kind: kind))
            if kind == .directory { try add(directory: path, depth: depth + 1, of: layer) }
        }
    }

    private mutating func insert(_ path: String, _ entry: Entry) {
        if let previous = entries[path], previous.kind == .directory, entry.kind != .directory {
            let prefix = path + "/"
            for key in entries.keys where key.hasPrefix(prefix) { entries[key] = nil }
        }
        entries[path] = entry
    }

    /// Regular files, directories and symbolic links (never followed); anything else is refused by name rather than
    /// skipped, so the package never silently differs from the directory.
    private static func kind(of url: URL) throws(DirectoryArchiveError) -> Kind {
        var info = stat()
        guard lstat(url.path, &info) == 0 else {
            throw DirectoryArchiveError("cannot read \(url.path): \(String(cString: strerror(errno)))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default:
            throw DirectoryArchiveError(
                "cannot package \(url.path): not a regular file, directory or symbolic link")
        }
    }
}
