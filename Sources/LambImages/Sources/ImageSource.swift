import Foundation

/// A place an image's manifest and blobs come from.
protocol ImageSource: Sendable {
    /// The manifest for this machine (an index resolved to its linux/<host arch> manifest) and its digest.
    func manifest() async throws -> (manifest: ImageManifest, digest: String)
    /// A file holding the blob (the source's own, or a download in the store's scratch directory).
    func blobPath(_ descriptor: Descriptor) async throws -> String
    /// `ResolvedImageUri` for a manifest digest.
    func pinnedName(_ digest: String) -> String
}

extension ImageSource {
    /// A small JSON blob (a config, a manifest) read and checked against its digest.
    func verifiedBlob(_ descriptor: Descriptor) async throws -> Data {
        let path = try await blobPath(descriptor)
        guard let data = FileManager.default.contents(atPath: path) else { throw ImageError.unreadable(path) }
        if descriptor.digest.hasPrefix("sha256:") && SHA256Hasher.digest(data) != descriptor.digest {
            throw ImageError.corrupt("blob \(descriptor.digest) does not match its digest")
        }
        return data
    }
}
