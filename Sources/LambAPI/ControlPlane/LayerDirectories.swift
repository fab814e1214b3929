import Foundation
import LambCore
import LambRuntimes
import LambStore

/// Layers on disk under `<data-dir>/layers`: each layer zip unpacked once (`unpacked/<code hash>`), and each
/// distinct list of layers merged once (`merged/<hash of the list>`) into the directory environments see as `/opt`.
public struct LayerDirectories: Sendable {
    public let root: URL
    public let blobs: BlobStore

    /// Merged directories belong to environments, which never outlive Lamb: a new start removes the old ones.
    public init(root: URL, blobs: BlobStore) throws {
        self.root = root
        self.blobs = blobs
        try? FileManager.default.removeItem(at: root.appendingPathComponent("merged"))
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// The unpacked content of one layer version, unpacked from the blob store when missing.
    func unpacked(_ layer: LayerVersion) throws -> URL {
        let url = root.appendingPathComponent("unpacked").appendingPathComponent(layer.code.blobName)
        if !FileManager.default.fileExists(atPath: url.path) {
            try CodeArchive(validating: blobs.data(for: layer.code)).unpack(into: url)
        }
        return url
    }

    /// The merged `/opt` of `layers` (in the function's order), built on first use.
    func merged(_ layers: [LayerVersion]) throws -> String {
        let sources = try layers.map { try unpacked($0) }
        let key = LayerMerger.key(for: layers.map(\.code.blobName))
        let destination = root.appendingPathComponent("merged").appendingPathComponent(key)
        try LayerMerger.merge(sources, into: destination)
        return destination.path
    }
}
