import Foundation
import LambCore
import ZIPFoundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A function's deployment package (or a layer's archive): validated like Lambda validates it, and unpacked into a
/// directory.
///
/// Neither step trusts the sizes a zip's headers declare: validation inflates every entry and counts the bytes it
/// gets, and unpacking counts the bytes it writes, both stopping as soon as the count passes the unzipped quota.
public struct CodeArchive: Sendable {
    public let data: Data
    public let entryCount: Int
    /// The bytes the archive unpacks to, as counted by inflating it (file contents and link targets).
    public let unzippedSize: Int
    /// The most bytes validation and unpacking accept (the unzipped quota; smaller in tests).
    let limit: Int

    /// Lambda's answer to an archive it cannot read.
    static let unreadable = LambError.invalidParameter(
        "Could not unzip uploaded file. Please check your file, then try to upload again.")

    static func tooLarge(_ limit: Int) -> LambError {
        LambError.invalidParameter("Unzipped size must be smaller than \(limit) bytes")
    }

    /// Checks that `data` is a zip Lambda would accept: readable, within the size quotas, at most
    /// ``Quotas/zipEntries`` entries, every entry's content intact (CRC-32), and no entry or symbolic link that
    /// would lead outside the code root. Throws `InvalidParameterValueException` (or `RequestTooLargeException`).
    public init(validating data: Data) throws {
        try self.init(validating: data, limit: Quotas.unzippedBytes)
    }

    init(validating data: Data, limit: Int) throws {
        if data.count > Quotas.zipBytes {
            throw LambError(
                .requestTooLarge,
                "Request must be smaller than \(Quotas.zipBytes) bytes for the CreateFunction operation")
        }
        let walk = try Self.walk(data, limit: limit, into: nil)
        self.limit = limit
        self.data = data
        self.entryCount = walk.entries
        self.unzippedSize = walk.bytes
    }

    /// Unpacks into `directory` (created; left alone if it already exists). Writes to a sibling temporary directory
    /// first and renames, so a crash never leaves a half-unpacked code directory behind; on any error what was written
    /// is removed. Returns `false` when `directory` already existed.
    @discardableResult
    public func unpack(into directory: URL) throws -> Bool {
        try unpack(into: directory, limit: limit)
    }

    func unpack(into directory: URL, limit: Int) throws -> Bool {
        let fm = FileManager.default
        let parent = directory.deletingLastPathComponent()
        let createdParent = !fm.fileExists(atPath: parent.path)
        let staging = parent.appendingPathComponent(".unpack-\(UUID().uuidString)", isDirectory: true)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            _ = try Self.walk(data, limit: limit, into: staging.path)
            if fm.fileExists(atPath: directory.path) {
                // Another cold start unpacked the same code first; its directory may be in use, keep it.
                try? fm.removeItem(at: staging)
                return false
            }
            try fm.moveItem(at: staging, to: directory)
            return true
        } catch {
            try? fm.removeItem(at: staging)
            // A parent made for this directory alone (`functions/<name>/`) goes too, if nothing else is in it.
            if createdParent { rmdir(parent.path) }
            throw error as? LambError ?? Self.unreadable
        }
    }

    /// What one pass over an archive counted.
    struct Walk {
        var entries = 0
        var bytes = 0
    }

    /// One pass over every entry: names checked, files inflated and counted, links checked once every link is known;
    /// with `destination`, everything is written below it (links last, so that nothing is ever written through one).
    /// Any failure that is not already Lambda's wording becomes ``unreadable``.
    static func walk(_ data: Data, limit: Int, into destination: String?) throws(LambError) -> Walk {
        do {
            return try walkUnmapped(data, limit: limit, into: destination)
        } catch let error as LambError {
            throw error
        } catch {
            throw unreadable
        }
    }

    private static func walkUnmapped(_ data: Data, limit: Int, into destination: String?) throws -> Walk {
        let archive = try Archive(data: data, accessMode: .read)
        var walk = Walk()
        var links: [(path: [String], target: String)] = []
        var entries: [[String]] = []
        for entry in archive {
            walk.entries += 1
            if walk.entries > Quotas.zipEntries {
                throw LambError.invalidParameter(
                    "Could not unzip uploaded file. The archive has more than \(Quotas.zipEntries) entries.")
            }
            try ZipEntryPath.checkCharacters(entry.path(using: .isoLatin1))
            let path = try ZipEntryPath.normalize(entry.path)
            if path.isEmpty {
                // The root itself (`./`): nothing to make.
                if entry.type == .directory { continue }
                throw ZipEntryPath.unreadable("A zip entry has an empty or unreadable name.")
            }
            entries.append(path)
            let target = destination.map { "\($0)/\(path.joined(separator: "/"))" }
            switch entry.type {
            case .directory:
                if let target {
                    try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                }
            case .symlink:
                guard entry.uncompressedSize <= ZipEntryPath.pathBytes, entry.compressedSize <= ZipEntryPath.pathBytes
                else { throw unreadable }
                var bytes = Data()
                _ = try archive.extract(entry, consumer: { bytes.append($0) })
                links.append((path, String(decoding: bytes, as: UTF8.self)))
                walk.bytes += bytes.count
            case .file:
                let file = try target.map { try OutputFile(creating: $0, mode: Self.mode(of: entry)) }
                let checksum = try archive.extract(
                    entry,
                    consumer: { chunk in
                        walk.bytes += chunk.count
                        if walk.bytes > limit { throw tooLarge(limit) }
                        try file?.append(chunk)
                    })
                try file?.finish(modified: entry.fileAttributes[.modificationDate] as? Date)
                guard checksum == entry.checksum else { throw unreadable }
            }
            if walk.bytes > limit { throw tooLarge(limit) }
        }
        let linkPaths = Set(links.map(\.path))
        if let escaping = entries.first(where: { ZipEntryPath.isInsideSymlink($0, symlinks: linkPaths) }) {
            throw ZipEntryPath.outside(escaping.joined(separator: "/"))
        }
        for link in links {
            try ZipEntryPath.checkSymlink(at: link.path, target: link.target, symlinks: linkPaths)
            if let destination {
                try FileManager.default.createSymbolicLink(
                    atPath: "\(destination)/\(link.path.joined(separator: "/"))", withDestinationPath: link.target)
            }
        }
        return walk
    }

    /// The mode a file is unpacked with: the zip's permission bits without set-user-ID, set-group-ID or sticky (Lamb
    /// unpacks as its own user, often root), made readable by everyone (and executable wherever the owner may
    /// execute). Functions run as an unprivileged user in the Linux sandbox and zips often carry owner-only modes
    /// (Python's `ZipFile.writestr` writes 0600); Lambda refuses to read those (EACCES), Lamb reads them under every
    /// sandbox.
    static func mode(of entry: Entry) -> mode_t {
        let stored = (entry.fileAttributes[.posixPermissions] as? NSNumber)?.uint16Value ?? 0o644
        return readableByAll(mode_t(stored) & 0o777)
    }

    static func readableByAll(_ mode: mode_t) -> mode_t {
        var wanted = mode | 0o444
        if mode & 0o100 != 0 { wanted |= 0o111 }
        return wanted
    }
}

/// A regular file being unpacked: created exclusively (never through a link), written in chunks.
private final class OutputFile {
    let fd: Int32
    let path: String

    init(creating path: String, mode: mode_t) throws {
        self.path = path
        let parent = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        var fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        if fd < 0 && errno == EEXIST {
            // The same name twice in one archive: the later entry wins, as `unzip -o` has it.
            guard unlink(path) == 0 else { throw CocoaError(.fileWriteUnknown) }
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        }
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        self.fd = fd
        // The umask must not take away the read bits added for the sandbox's user.
        fchmod(fd, mode)
    }

    deinit { close(fd) }

    func append(_ chunk: Data) throws {
        try chunk.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CocoaError(.fileWriteUnknown)
                }
                offset += n
            }
        }
    }

    /// Sets the modification time the zip records (Python compares it with cached bytecode).
    func finish(modified: Date?) throws {
        guard let modified else { return }
        let seconds = modified.timeIntervalSince1970
        let time = timespec(tv_sec: Int(seconds), tv_nsec: 0)
        _ = futimens(fd, [time, time])
    }
}
