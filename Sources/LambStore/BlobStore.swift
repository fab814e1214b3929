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
        let digest = SHA256.hash(data)
        let reference = CodeReference(sha256: Data(digest).base64EncodedString(), size: data.count, blobName: digest.hexString)
        let url = self.url(for: reference)
        if FileManager.default.fileExists(atPath: url.path) { return reference }
        let temporary = directory.appendingPathComponent(".tmp-\(UUID().uuidString)")
        try data.write(to: temporary, options: .atomic)
        if let handle = try? FileHandle(forUpdating: temporary) {
            try? handle.synchronize()
            try? handle.close()
        }
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.moveItem(at: temporary, to: url)
        return reference
    }

    public func url(for reference: CodeReference) -> URL {
        directory.appendingPathComponent("\(reference.blobName).zip")
    }

    public func data(for reference: CodeReference) throws -> Data {
        try Data(contentsOf: url(for: reference))
    }
}
