import Foundation

/// The media types Lamb reads (OCI's, and Docker's schema 2, which registries and `docker save` still produce).
enum MediaType {
    static let ociIndex = "application/vnd.oci.image.index.v1+json"
    static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    static let dockerList = "application/vnd.docker.distribution.manifest.list.v2+json"
    static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"

    static let indexes: Set<String> = [ociIndex, dockerList]
    static let manifests: Set<String> = [ociManifest, dockerManifest]
    /// What a registry is asked for, in order of preference.
    static let accepted = [ociIndex, dockerList, ociManifest, dockerManifest]
}

struct Platform: Codable, Equatable {
    var architecture: String
    var os: String
    var variant: String?
}

struct Descriptor: Codable, Equatable {
    var mediaType: String?
    var digest: String
    var size: Int?
    var platform: Platform?
    var annotations: [String: String]?

    /// `org.opencontainers.image.ref.name`: the tag of a manifest in an OCI layout's `index.json`.
    var refName: String? { annotations?["org.opencontainers.image.ref.name"] }
}

/// An image index (or Docker manifest list): one manifest per platform.
struct ImageIndex: Codable {
    var mediaType: String?
    var manifests: [Descriptor]
}

/// An image manifest: its configuration and its layers, bottom first.
struct ImageManifest: Codable {
    var mediaType: String?
    var config: Descriptor
    var layers: [Descriptor]
}

/// The image configuration blob; only what Lamb uses.
struct ImageConfigBlob: Codable {
    struct Config: Codable {
        var Entrypoint: [String]?
        var Cmd: [String]?
        var Env: [String]?
        var WorkingDir: String?
    }
    var architecture: String?
    var os: String?
    var config: Config?
}

/// What a manifest-shaped JSON document is, by its `mediaType` or, when it has none (OCI makes it optional), by its
/// members.
enum ManifestDocument {
    case index(ImageIndex)
    case manifest(ImageManifest)

    static func parse(_ data: Data, mediaType: String? = nil) throws -> ManifestDocument {
        struct Probe: Decodable {
            var mediaType: String?
            var manifests: [Descriptor]?
            var config: Descriptor?
            var schemaVersion: Int?
        }
        let probe: Probe
        do { probe = try JSONDecoder().decode(Probe.self, from: data) } catch {
            throw ImageError.corrupt("a manifest is not valid JSON")
        }
        let type = probe.mediaType ?? mediaType
        if let type, MediaType.indexes.contains(type) || probe.manifests != nil {
            return .index(try JSONDecoder().decode(ImageIndex.self, from: data))
        }
        if probe.config != nil {
            return .manifest(try JSONDecoder().decode(ImageManifest.self, from: data))
        }
        if probe.schemaVersion == 1 {
            throw ImageError.unsupported(
                "Docker schema 1 manifests are not supported; push the image again with a current tool")
        }
        throw ImageError.unsupported("unsupported manifest type \(type ?? "(none)")")
    }
}

/// Chooses the manifest for this machine from an index: Lambda runs `linux/amd64` for `x86_64` functions and
/// `linux/arm64` for `arm64` ones; Lamb runs the host's architecture.
enum PlatformSelection {
    /// The host's architecture as OCI names it.
    static var hostArchitecture: String {
        #if arch(arm64)
            "arm64"
        #else
            "amd64"
        #endif
    }

    static func choose(from index: ImageIndex, architecture: String = hostArchitecture) throws -> Descriptor {
        let candidates = index.manifests.filter { descriptor in
            // Attestation manifests (BuildKit's provenance) are marked `unknown/unknown`.
            guard let platform = descriptor.platform else { return false }
            return platform.os == "linux" && platform.architecture == architecture
        }
        if let chosen = candidates.first { return chosen }
        // An index without platforms (an OCI layout's index.json of single-platform images) has one candidate.
        let unlabelled = index.manifests.filter { $0.platform == nil }
        if unlabelled.count == 1 { return unlabelled[0] }
        let offered = index.manifests.compactMap { $0.platform.map { "\($0.os)/\($0.architecture)" } }
        throw ImageError.notFound(
            "the image has no linux/\(architecture) manifest (it offers: \(offered.isEmpty ? "none" : offered.joined(separator: ", ")))"
        )
    }
}
