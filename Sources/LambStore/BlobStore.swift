import Foundation
import LambCore

/// Content-addressed files: each deployment package is stored once, named by the hex SHA-256 of its bytes.
public struct BlobStore: Sendable {
    public let directory: URL

    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Stores `data` (if not already there) and returns its reference. The file is written under a temporary name,
    /// flushed and renamed, so a crash never leaves a partial blob under the final name.
    public func put(_ data: Data) throws -> CodeReference {
        try store(data).reference
    }

    /// ``put(_:)``, also telling whether this call created the blob (a caller whose change then fails removes it).
    public func store(_ data: Data) throws -> (reference: CodeReference, created: Bool) {
        let digest = SHA256.hash(data)
        let reference = CodeReference(sha256: Data(digest).base64EncodedString(), size: data.count, blobName: digest.hexString)
        let url = self.url(for: reference)
        if FileManager.default.fileExists(atPath: url.path) { return (reference, false) }
        let temporary = directory.appendingPathComponent("\(Self.temporaryPrefix)\(UUID().uuidString)")
        do {
            try data.write(to: temporary, options: .atomic)
            if let handle = try? FileHandle(forUpdating: temporary) {
                try? handle.synchronize()
                try? handle.close()
            }
            try? FileManager.default.removeItem(at: url)
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        return (reference, true)
    }

    /// Removes a blob no function version or layer version references any more.
    public func remove(_ reference: CodeReference) {
        try? FileManager.default.removeItem(at: url(for: reference))
    }

    /// Names of the stored blobs (hex SHA-256), and the temporary files of writes a crash interrupted.
    public func contents() -> (blobNames: [String], temporaries: [URL]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return (
            names.filter { $0.hasSuffix(".zip") && !$0.hasPrefix(".") }.map { String($0.dropLast(4)) },
            names.filter { $0.hasPrefix(Self.temporaryPrefix) }.map { directory.appendingPathComponent($0) }
        )
    }

    static let temporaryPrefix = ".tmp-"

    public func url(for reference: CodeReference) -> URL {
        directory.appendingPathComponent("\(reference.blobName).zip")
    }

    public func data(for reference: CodeReference) throws -> Data {
        try Data(contentsOf: url(for: reference))
    }
}
