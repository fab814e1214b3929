import AsyncHTTPClient
import Foundation
import LambCore
import LambSandbox
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// The image cache: each image's layers unpacked once into `<data-dir>/images/sha256-<config hex>/rootfs`, shared
/// read-only by every environment of every function that runs it, with `image.json` beside it.
///
/// An image is unpacked into `.partial/<random>/` and renamed into place only once complete, so a crash or a failed
/// pull never leaves a root file system that looks usable; leftovers are removed when the store opens. Pulls run
/// side by side (the actor is reentrant at each download); a second pull of the same `ImageUri` waits for the
/// first, and two URIs naming one image both unpack it (the first rename wins).
public actor ImageStore {
    public nonisolated let root: String
    /// `lamb serve --image-dir DIR`: references are looked up there before any registry.
    public nonisolated let localDirectory: String?
    /// `--insecure-registry HOST`: spoken to over plain HTTP.
    public nonisolated let insecureHosts: Set<String>
    private var client: HTTPClient?
    /// Pulls under way, by `ImageUri`: a second request for the same URI waits for the first instead of pulling again.
    private var inFlight: [String: Task<ImageCode, any Error>] = [:]

    public init(root: String, localDirectory: String? = nil, insecureHosts: Set<String> = []) throws {
        self.root = root
        self.localDirectory = localDirectory
        self.insecureHosts = insecureHosts
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: root + "/.partial")
    }

    deinit { try? client?.syncShutdown() }

    // MARK: Pulling

    /// Finds the image `uri` names, unpacks it unless the cache has it, and returns it pinned. Throws
    /// ``ImageError``; nothing is left behind on failure.
    public func prepare(_ uri: String) async throws -> ImageCode {
        if let running = inFlight[uri] { return try await running.value }
        let task = Task { try await pull(uri) }
        inFlight[uri] = task
        defer { inFlight[uri] = nil }
        return try await task.value
    }

    private func pull(_ uri: String) async throws -> ImageCode {
        let location = try ImageLocation.parse(uri)
        let scratch = root + "/.partial/" + Identifiers.hex(bytes: 8)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { FileTree.remove(scratch) }
        let source = try await source(for: location, uri: uri, scratch: scratch)
        let (manifest, manifestDigest) = try await source.manifest()
        let configData = try await source.verifiedBlob(manifest.config)
        let config: ImageConfigBlob
        do { config = try JSONDecoder().decode(ImageConfigBlob.self, from: configData) } catch {
            throw ImageError.corrupt("the image configuration is not valid JSON")
        }
        if let os = config.os, os != "linux" { throw ImageError.unsupported("the image is for \(os), not linux") }
        let process = ImageProcessConfig(
            entrypoint: config.config?.Entrypoint, cmd: config.config?.Cmd, env: config.config?.Env,
            workingDir: config.config?.WorkingDir)
        let configDigest = manifest.config.digest
        let directory = root + "/" + CachedImage.directoryName(configDigest)
        if var cached = cachedImage(in: directory) {
            if !cached.references.contains(uri) {
                cached.references.append(uri)
                try write(cached, in: directory)
            }
        } else {
            let staged = scratch + "/image"
            let unpacker = try LayerUnpacker(root: staged + "/rootfs")
            for layer in manifest.layers {
                let file = try FileByteSource(path: try await source.blobPath(layer))
                try unpacker.apply(TarReader(try file.decompressed(what: "layer \(layer.digest)")))
                try file.drain()
                if layer.digest.hasPrefix("sha256:") && file.digest() != layer.digest {
                    throw ImageError.corrupt("layer \(layer.digest) does not match its digest")
                }
            }
            unpacker.finish()
            try MountPoints.prepare(in: staged + "/rootfs")
            let image = CachedImage(
                configDigest: configDigest, manifestDigest: manifestDigest, references: [uri],
                size: unpacker.unpackedBytes, unpackedAt: Date(), process: process)
            try write(image, in: staged)
            // Another pull of the same image may have finished first: then its copy is kept.
            if rename(staged, directory) != 0 && errno != EEXIST && errno != ENOTEMPTY {
                throw ImageError.unreadable(directory)
            }
        }
        return ImageCode(
            uri: uri, resolvedUri: source.pinnedName(manifestDigest), manifestDigest: manifestDigest,
            configDigest: configDigest, process: process)
    }

    /// The host path of the image's root file system, pulled again from its `ImageUri` when the cache lost it (a
    /// prune, a deleted data directory); throws when the source no longer has that exact image.
    public nonisolated func rootFileSystem(for image: ImageCode) async throws -> String {
        let path = root + "/" + CachedImage.directoryName(image.configDigest) + "/rootfs"
        if FileManager.default.fileExists(atPath: path) { return path }
        // Only a lost image goes through the actor; every cold start of a cached one reads the path alone.
        let pulled = try await prepare(image.uri)
        guard pulled.configDigest == image.configDigest else {
            throw ImageError.notFound(
                "\(image.uri) now names another image than \(image.resolvedUri); update the function's code")
        }
        return path
    }

    private func source(for location: ImageLocation, uri: String, scratch: String) async throws -> any ImageSource {
        switch location {
        case .ociLayout(let path, let tag):
            return OCILayoutSource(root: path, selector: tag, displayName: "oci:" + path)
        case .ociArchive(let path, let tag):
            let extracted = try ArchiveExtraction.extract(path, into: scratch + "/archive")
            return OCILayoutSource(root: extracted, selector: tag, displayName: "oci-archive:" + path)
        case .dockerArchive(let path, let tag):
            let extracted = try ArchiveExtraction.extract(path, into: scratch + "/archive")
            return DockerArchiveSource(root: extracted, tag: tag, displayName: "docker-archive:" + path)
        case .registry(let reference):
            if let local = try LocalImageDirectory(root: localDirectory).find(reference, scratch: scratch) {
                return local
            }
            return RegistrySource(
                reference: reference, insecureHosts: insecureHosts, scratch: scratch, client: httpClient())
        }
    }

    private func httpClient() -> HTTPClient {
        if let client { return client }
        // Redirects are followed by hand: blob storage must not receive the registry's token.
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout.connect = .seconds(30)
        let made = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        client = made
        return made
    }

    // MARK: Listing and pruning

    public func list() -> [CachedImage] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { $0.hasPrefix("sha256-") }.sorted().compactMap { cachedImage(in: root + "/" + $0) }
    }

    /// Removes every cached image whose config digest is not in `used`; returns what it removed.
    public func prune(keeping used: Set<String>) -> [CachedImage] {
        var removed: [CachedImage] = []
        for image in list() where !used.contains(image.configDigest) {
            let directory = root + "/" + CachedImage.directoryName(image.configDigest)
            // Renamed first, so that a half-removed image is never taken for a usable one.
            let doomed = root + "/.partial/" + Identifiers.hex(bytes: 8)
            try? FileManager.default.createDirectory(atPath: root + "/.partial", withIntermediateDirectories: true)
            guard rename(directory, doomed) == 0 else { continue }
            FileTree.remove(doomed)
            removed.append(image)
        }
        return removed
    }

    private nonisolated func cachedImage(in directory: String) -> CachedImage? {
        guard FileManager.default.fileExists(atPath: directory + "/rootfs"),
            let data = FileManager.default.contents(atPath: directory + "/image.json")
        else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return try? decoder.decode(CachedImage.self, from: data)
    }

    private nonisolated func write(_ image: CachedImage, in directory: String) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try encoder.encode(image).write(to: URL(fileURLWithPath: directory + "/image.json"), options: .atomic)
    }
}
