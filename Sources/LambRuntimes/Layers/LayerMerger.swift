import Foundation
import LambCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Merges unpacked layers into one directory, the `/opt` an environment sees: layers are laid down in order and a
/// later layer's file replaces an earlier one's at the same path, as Lambda extracts layers into `/opt` in order.
///
/// Files are hard links to the unpacked layers (copies when the file system refuses a link), so a merged directory
/// costs little beyond its directory entries. It is built in a staging directory and renamed into place, so a
/// crash or a concurrent cold start never sees half of one.
public enum LayerMerger {
    /// Builds `destination` from `layers` (unpacked layer directories, first to last) unless it already exists.
    public static func merge(_ layers: [URL], into destination: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: destination.path) { return }
        let parent = destination.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".merge-\(UUID().uuidString)", isDirectory: true)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            for layer in layers { try overlay(layer.path, onto: staging.path) }
            if fm.fileExists(atPath: destination.path) {
                // Another cold start merged the same list first; its directory may be in use already.
                try? fm.removeItem(at: staging)
                return
            }
            try fm.moveItem(at: staging, to: destination)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }

    /// Lays the tree at `source` over the tree at `target`: directories merge, anything else replaces what is there.
    static func overlay(_ source: String, onto target: String) throws {
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: source) {
            let from = "\(source)/\(name)"
            let to = "\(target)/\(name)"
            let fromIsDirectory = kind(of: from) == .directory
            switch kind(of: to) {
            case .directory where fromIsDirectory:
                try overlay(from, onto: to)
                continue
            case .missing:
                break
            default:
                // A file over a directory or anything over a file: the later layer wins outright.
                try fm.removeItem(atPath: to)
            }
            if fromIsDirectory {
                try fm.createDirectory(atPath: to, withIntermediateDirectories: false)
                try overlay(from, onto: to)
            } else {
                try link(from, to)
            }
        }
    }

    enum Kind { case missing, directory, other }

    /// What is at `path`, without following a symbolic link (a layer's symlink is copied as a link).
    static func kind(of path: String) -> Kind {
        // Through Foundation's own call, so that no C struct's defining module matters (MemberImportVisibility
        // attributes `stat` to CoreFoundation in this module, which other files pull in through ZIPFoundation).
        guard let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        else { return .missing }
        return type == .typeDirectory ? .directory : .other
    }

    private static func link(_ from: String, _ to: String) throws {
        // linkat without AT_SYMLINK_FOLLOW links a symlink itself, not its target.
        if linkat(AT_FDCWD, from, AT_FDCWD, to, 0) == 0 { return }
        try FileManager.default.copyItem(atPath: from, toPath: to)
    }

    /// A stable directory name for a list of layers: the hash of their blob names in order.
    public static func key(for blobNames: [String]) -> String {
        SHA256.hash(Data(blobNames.joined(separator: "\n").utf8)).hexString
    }
}
