import ArgumentParser
import Foundation
import ZIPFoundation

/// A deployment package given as `--code PATH`: a directory, zipped in memory, or a `.zip` file sent as it is.
enum CodePackage {
    /// Checks `--code` before anything is sent: it must be a directory or a `.zip` file.
    static func validate(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("--code: no such file or directory: \(path)")
        }
        guard isDirectory.boolValue || path.lowercased().hasSuffix(".zip") else {
            throw ValidationError("--code: expected a directory or a .zip file, got \(path)")
        }
    }

    /// The zip bytes for `path`.
    static func load(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ClientError.input("no such file or directory: \(path)")
        }
        if isDirectory.boolValue { return try zipDirectory(URL(fileURLWithPath: path, isDirectory: true)) }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ClientError.input("cannot read \(path): \(error.localizedDescription)")
        }
    }

    /// Zips the directory's contents (not the directory itself, as `cd dir && zip -r` does) with every entry's
    /// permissions, so executables such as a custom runtime's `bootstrap` stay executable. Hidden files are
    /// included; symlinks are stored as links. Anything else (sockets, FIFOs, devices) is refused by name rather
    /// than skipped, so the package never silently differs from the directory.
    static func zipDirectory(_ root: URL) throws -> Data {
        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
        } catch {
            throw ClientError.input("cannot create a zip archive in memory: \(error)")
        }
        try add(directory: "", under: root, to: archive)
        guard let data = archive.data else { throw ClientError.input("cannot create a zip archive in memory") }
        return data
    }

    /// Adds the entries of `relative` (a path under `root`, "" for the root itself), depth first in name order so
    /// the same tree always gives the same entry order.
    private static func add(directory relative: String, under root: URL, to archive: Archive) throws {
        let directoryURL = relative.isEmpty ? root : root.appendingPathComponent(relative)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directoryURL.path).sorted()
        } catch {
            throw ClientError.input("cannot list \(directoryURL.path): \(error.localizedDescription)")
        }
        for name in names {
            let path = relative.isEmpty ? name : "\(relative)/\(name)"
            let fileURL = root.appendingPathComponent(path)
            var info = stat()
            guard lstat(fileURL.path, &info) == 0 else {
                throw ClientError.input("cannot read \(fileURL.path): \(String(cString: strerror(errno)))")
            }
            let type = info.st_mode & S_IFMT
            guard type == S_IFREG || type == S_IFDIR || type == S_IFLNK else {
                throw ClientError.input(
                    "cannot package \(fileURL.path): not a regular file, directory or symbolic link")
            }
            do {
                // Directories get their own entries so that their modes (and empty directories) survive.
                try archive.addEntry(
                    with: path, relativeTo: root, compressionMethod: type == S_IFREG ? .deflate : .none)
            } catch {
                throw ClientError.input("cannot add \(fileURL.path) to the zip: \(error.localizedDescription)")
            }
            if type == S_IFDIR { try add(directory: path, under: root, to: archive) }
        }
    }
}
