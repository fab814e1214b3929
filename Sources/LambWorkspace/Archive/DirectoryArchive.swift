import Foundation
import ZIPFoundation

/// A directory's contents as an in-memory zip, as `cd dir && zip -r` makes it: entries are relative to the directory
/// (not under its name), keep their permissions (a custom runtime's `bootstrap` stays executable), include hidden
/// files, and store symbolic links as links. Sockets, FIFOs and devices are refused by name. The entry order is
/// fixed (depth first, name order), so the same tree always gives the same entries in the same order.
public enum DirectoryArchive {
    /// Exactly the directory's contents, nothing left out.
    public static func zip(directory root: URL) throws(DirectoryArchiveError) -> Data {
        try zip(layers: [ArchiveLayer(root: root)])
    }

    /// Several directories laid into one archive, each entry from the last root that has it (nothing left out).
    public static func zip(layers roots: [URL]) throws(DirectoryArchiveError) -> Data {
        try zip(layers: roots.map { ArchiveLayer(root: $0) })
    }

    /// A function's package as `sam build` makes it: the installed dependencies first, then the function's own
    /// files on top (so a module of the user's wins over a dependency of the same name), leaving out of the code what
    /// `sam build` leaves out (``ArchiveExclusions/samSource``). When the dependency build produced a `node_modules`,
    /// the code directory's own `node_modules` (an earlier local `npm install`, perhaps with dev dependencies) is left
    /// out, so the two are not mixed; without one, the user's `node_modules` is the function's, and is kept.
    public static func zip(code: URL, dependencies: URL?) throws(DirectoryArchiveError) -> Data {
        guard let dependencies else {
            return try zip(layers: [ArchiveLayer(root: code, exclusions: .samSource)])
        }
        var codeExclusions = ArchiveExclusions.samSource
        var isDirectory: ObjCBool = false
        let nodeModules = dependencies.appendingPathComponent("node_modules").path
        if FileManager.default.fileExists(atPath: nodeModules, isDirectory: &isDirectory), isDirectory.boolValue {
            codeExclusions = codeExclusions.skipping(topLevel: "node_modules")
        }
        return try zip(layers: [
            ArchiveLayer(root: dependencies), ArchiveLayer(root: code, exclusions: codeExclusions),
        ])
    }

    /// Layers laid in order: a later layer's entry replaces an earlier one at the same path.
    public static func zip(layers: [ArchiveLayer]) throws(DirectoryArchiveError) -> Data {
        let tree = try LayeredTree(layers: layers)
        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
        } catch {
            throw DirectoryArchiveError("cannot create a zip archive in memory: \(error)")
        }
        for path in tree.orderedPaths {
            guard let entry = tree.entries[path] else { continue }
            do {
                // Directories get their own entries so that their modes (and empty directories) survive.
                try archive.addEntry(
                    with: path, fileURL: entry.source, compressionMethod: entry.kind == .file ? .deflate : .none)
            } catch {
                throw DirectoryArchiveError(
                    "cannot add \(entry.source.path) to the zip: \(error.localizedDescription)")
            }
        }
        guard let data = archive.data else { throw DirectoryArchiveError("cannot create a zip archive in memory") }
        return data
    }
}
