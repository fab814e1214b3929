import Foundation
import LambCore
import ZIPFoundation

/// A function's deployment package: validated like Lambda validates it, and unpacked into a directory.
public struct CodeArchive: Sendable {
    public let data: Data
    public let entryCount: Int
    public let unzippedSize: Int

    /// Checks that `data` is a zip Lambda would accept: readable, within the size quotas, and with no entry that
    /// would land outside the code root. Throws `InvalidParameterValueException` (or `RequestTooLargeException`).
    public init(validating data: Data) throws {
        if data.count > Quotas.zipBytes {
            throw LambError(
                .requestTooLarge,
                "Request must be smaller than \(Quotas.zipBytes) bytes for the CreateFunction operation")
        }
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw LambError.invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.")
        }
        var total = 0
        var count = 0
        for entry in archive {
            guard Self.isContained(entry.path) else {
                throw LambError.invalidParameter(
                    "Could not unzip uploaded file. The zip entry '\(entry.path)' would be written outside the function's code directory.")
            }
            total += Int(entry.uncompressedSize)
            count += 1
        }
        if total > Quotas.unzippedBytes {
            throw LambError.invalidParameter("Unzipped size must be smaller than \(Quotas.unzippedBytes) bytes")
        }
        self.data = data
        self.entryCount = count
        self.unzippedSize = total
    }

    /// Functions run as an unprivileged user in the Linux sandbox, and zips often carry owner-only modes (Python's
    /// `ZipFile.writestr` writes 0600). Lambda refuses to read such files (EACCES); Lamb adds read permission for
    /// everyone (and execute wherever the owner has it) so that code works the same under every sandbox.
    static func makeReadableByAll(_ path: String) throws {
        let fm = FileManager.default
        let mode = (try fm.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.uint16Value ?? 0o644
        var wanted = mode | 0o444
        if mode & 0o100 != 0 { wanted |= 0o111 }
        if wanted != mode { try fm.setAttributes([.posixPermissions: NSNumber(value: wanted)], ofItemAtPath: path) }
    }

    /// A relative path with no `..` that climbs above the root.
    static func isContained(_ path: String) -> Bool {
        if path.hasPrefix("/") || path.hasPrefix("\\") { return false }
        var depth = 0
        for component in path.split(whereSeparator: { $0 == "/" || $0 == "\\" }) {
            if component == ".." {
                depth -= 1
                if depth < 0 { return false }
            } else if component != "." {
                depth += 1
            }
        }
        return true
    }

    /// Unpacks into `directory` (created; left alone if it already exists). Writes to a sibling temporary directory first and renames,
    /// so a crash never leaves a half-unpacked code directory behind.
    public func unpack(into directory: URL) throws {
        let fm = FileManager.default
        let staging = directory.deletingLastPathComponent()
            .appendingPathComponent(".unpack-\(UUID().uuidString)", isDirectory: true)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            let archive = try Archive(data: data, accessMode: .read)
            for entry in archive {
                let target = staging.appendingPathComponent(entry.path)
                if entry.type == .directory {
                    try fm.createDirectory(at: target, withIntermediateDirectories: true)
                    continue
                }
                _ = try archive.extract(entry, to: target, skipCRC32: false)
                try Self.makeReadableByAll(target.path)
            }
            if fm.fileExists(atPath: directory.path) {
                // Another cold start unpacked the same code first; its directory may be in use, keep it.
                try? fm.removeItem(at: staging)
                return
            }
            try fm.createDirectory(at: directory.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.moveItem(at: staging, to: directory)
        } catch {
            try? fm.removeItem(at: staging)
            throw LambError.invalidParameter("Could not unzip uploaded file: \(error)")
        }
    }
}
