import Foundation
import LambCore
import LambEngine
import LambImages
import LambRuntimes
import LambStore

/// The unpacked code of each function version, at `<data-dir>/functions/<name>/<code hash>/`, unpacked from the
/// blob store when missing (after a restart that lost it, or for code stored by an older Lamb).
public struct FunctionCodeDirectories: CodeDirectoryProvider {
    public let root: URL
    public let blobs: BlobStore
    /// Where functions' layers come from; without it, functions run with an empty `/opt`.
    public let layers: LayerRegistry?
    /// The image cache image functions run from; `nil` where there is none (some tests).
    public let images: ImageStore?

    public init(root: URL, blobs: BlobStore, layers: LayerRegistry? = nil, images: ImageStore? = nil) throws {
        self.root = root
        self.blobs = blobs
        self.layers = layers
        self.images = images
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    public func layersDirectory(for definition: FunctionDefinition) async throws -> String? {
        guard let layers else { return nil }
        return try layers.mergedDirectory(for: definition.settings.layers)
    }

    public func imageRoot(for definition: FunctionDefinition) async throws -> String? {
        guard let image = definition.image, let images else { return nil }
        do {
            return try await images.rootFileSystem(for: image)
        } catch let error as ImageError {
            throw LambError.service("The container image \(image.resolvedUri) is not available: \(error)")
        }
    }

    public func url(for definition: FunctionDefinition) -> URL {
        root.appendingPathComponent(definition.name).appendingPathComponent(definition.code.blobName)
    }

    public func directory(for definition: FunctionDefinition) async throws -> String {
        let url = url(for: definition)
        if !FileManager.default.fileExists(atPath: url.path) {
            try CodeArchive(validating: blobs.data(for: definition.code)).unpack(into: url)
        }
        return url.path
    }

    /// Unpacks an archive that was just validated and stored; `true` when this call made the directory (`false`:
    /// another version with the same code had it already).
    func install(_ archive: CodeArchive, for definition: FunctionDefinition) throws -> Bool {
        try archive.unpack(into: url(for: definition))
    }

    /// Takes back an ``install(_:for:)`` whose change failed: removes the directory it made, and the function's
    /// directory when nothing else is left in it.
    func uninstall(_ definition: FunctionDefinition) {
        let url = url(for: definition)
        try? FileManager.default.removeItem(at: url)
        rmdir(url.deletingLastPathComponent().path)
    }

    /// Removes every code directory of `function` except `keeping` (old code after an update, all on delete).
    func removeDirectories(of function: String, keeping: String? = nil) {
        let dir = root.appendingPathComponent(function)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return }
        for entry in entries where entry != keeping {
            try? FileManager.default.removeItem(at: dir.appendingPathComponent(entry))
        }
        if keeping == nil { try? FileManager.default.removeItem(at: dir) }
    }
}
