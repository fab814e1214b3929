import Foundation

/// An OCI image layout directory (`oci-layout`, `index.json`, `blobs/sha256/…`), as `skopeo copy … oci:DIR`,
/// `buildah push … oci:DIR` or `docker buildx build --output type=oci` write it.
struct OCILayoutSource: ImageSource {
    let root: String
    /// The manifest to use: a tag (`org.opencontainers.image.ref.name`) or a `sha256:` digest; `nil` when the layout
    /// holds one image.
    let selector: String?
    /// How `ResolvedImageUri` names the layout (the URI without its tag).
    let displayName: String

    func manifest() async throws -> (manifest: ImageManifest, digest: String) {
        guard FileManager.default.fileExists(atPath: root + "/oci-layout") else {
            throw ImageError.notFound("\(root) is not an OCI image layout (it has no oci-layout file)")
        }
        guard let indexData = FileManager.default.contents(atPath: root + "/index.json") else {
            throw ImageError.notFound("\(root)/index.json is missing")
        }
        guard case .index(let index) = try ManifestDocument.parse(indexData, mediaType: MediaType.ociIndex) else {
            throw ImageError.corrupt("\(root)/index.json is not an image index")
        }
        var descriptor = try choose(from: index)
        // Nested indexes (a multi-platform image in a layout) are followed down to one manifest.
        for _ in 0..<4 {
            let data = try await verifiedBlob(descriptor)
            switch try ManifestDocument.parse(data, mediaType: descriptor.mediaType) {
            case .manifest(let manifest): return (manifest, descriptor.digest)
            case .index(let nested): descriptor = try PlatformSelection.choose(from: nested)
            }
        }
        throw ImageError.corrupt("image indexes nest too deep")
    }

    private func choose(from index: ImageIndex) throws -> Descriptor {
        if let selector, selector.hasPrefix("sha256:") {
            if let found = index.manifests.first(where: { $0.digest == selector }) { return found }
            // A digest of a manifest inside a nested index: read it directly.
            return Descriptor(mediaType: nil, digest: selector, size: nil, platform: nil, annotations: nil)
        }
        if let selector {
            let tagged = index.manifests.filter { descriptor in
                guard let name = descriptor.refName else { return false }
                return name == selector || name.hasSuffix(":" + selector)
            }
            if tagged.isEmpty {
                let tags = index.manifests.compactMap(\.refName)
                throw ImageError.notFound(
                    "\(root) has no image tagged \(selector) (tags: \(tags.isEmpty ? "none" : tags.joined(separator: ", ")))"
                )
            }
            return tagged.count == 1 ? tagged[0] : try PlatformSelection.choose(from: ImageIndex(manifests: tagged))
        }
        if index.manifests.count == 1 { return index.manifests[0] }
        if index.manifests.contains(where: { $0.platform != nil }) {
            return try PlatformSelection.choose(from: index)
        }
        throw ImageError.notFound("\(root) holds \(index.manifests.count) images: name one with :TAG")
    }

    func blobPath(_ descriptor: Descriptor) async throws -> String {
        let parts = descriptor.digest.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0] == "sha256", parts[1].count == 64, parts[1].allSatisfy(\.isHexDigit) else {
            throw ImageError.unsupported("unsupported digest \(descriptor.digest)")
        }
        let path = "\(root)/blobs/sha256/\(parts[1])"
        guard FileManager.default.fileExists(atPath: path) else {
            throw ImageError.notFound("\(root) lacks blob \(descriptor.digest)")
        }
        return path
    }

    func pinnedName(_ digest: String) -> String { "\(displayName)@\(digest)" }
}
