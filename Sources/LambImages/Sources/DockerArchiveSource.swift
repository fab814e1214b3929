import Foundation
import LambSandbox

/// An unpacked `docker save` / `podman save` archive: `manifest.json` names each image's config and layer files.
/// It has no manifest of its own, so Lamb makes the OCI manifest those files stand for; its digest is the image's
/// `ResolvedImageUri` (stable: the same archive always gives the same digest).
struct DockerArchiveSource: ImageSource {
    let root: String
    /// `repo:tag` among the archive's `RepoTags`; `nil` when it holds one image.
    let tag: String?
    let displayName: String

    private struct Entry: Decodable {
        var Config: String
        var RepoTags: [String]?
        var Layers: [String]
    }

    func manifest() async throws -> (manifest: ImageManifest, digest: String) {
        guard let data = FileManager.default.contents(atPath: root + "/manifest.json") else {
            throw ImageError.notFound("the archive has no manifest.json (not a docker-archive)")
        }
        let entries: [Entry]
        do { entries = try JSONDecoder().decode([Entry].self, from: data) } catch {
            throw ImageError.corrupt("manifest.json is not a docker-archive manifest")
        }
        let chosen: Entry
        if let tag {
            guard
                let match = entries.first(where: {
                    ($0.RepoTags ?? []).contains { $0 == tag || $0.hasSuffix("/" + tag) }
                })
            else { throw ImageError.notFound("the archive has no image tagged \(tag)") }
            chosen = match
        } else {
            guard entries.count == 1 else {
                throw ImageError.notFound("the archive holds \(entries.count) images: name one with :REPO:TAG")
            }
            chosen = entries[0]
        }
        let config = try describe(chosen.Config, mediaType: "application/vnd.docker.container.image.v1+json")
        let layers = try chosen.Layers.map {
            try describe($0, mediaType: "application/vnd.docker.image.rootfs.diff.tar")
        }
        let manifest = ImageManifest(mediaType: MediaType.dockerManifest, config: config, layers: layers)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (manifest, SHA256Hasher.digest(try encoder.encode(manifest)))
    }

    /// A descriptor for one of the archive's files, by the file's own digest; the file name travels in the
    /// annotations so that ``blobPath(_:)`` finds it.
    private func describe(_ file: String, mediaType: String) throws -> Descriptor {
        guard let parts = RootedPath.components(file), !parts.isEmpty else { throw ImageError.unsafePath(file) }
        let path = root + "/" + parts.joined(separator: "/")
        let source = try FileByteSource(path: path)
        try source.drain()
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        return Descriptor(
            mediaType: mediaType, digest: source.digest(), size: size, platform: nil,
            annotations: ["lamb.file": parts.joined(separator: "/")])
    }

    func blobPath(_ descriptor: Descriptor) async throws -> String {
        guard let file = descriptor.annotations?["lamb.file"] else { throw ImageError.notFound(descriptor.digest) }
        return root + "/" + file
    }

    func pinnedName(_ digest: String) -> String { "\(displayName)@\(digest)" }
}
