import Foundation
import LambCore

/// What the cache knows of one unpacked image, kept beside its root file system (`image.json`).
public struct CachedImage: Codable, Sendable, Equatable {
    /// `sha256:…` of the image configuration: the cache key.
    public var configDigest: String
    public var manifestDigest: String
    /// Every `ImageUri` that resolved to this image, in the order first seen.
    public var references: [String]
    /// Bytes of the files in the root file system.
    public var size: Int
    public var unpackedAt: Date
    public var process: ImageProcessConfig

    /// The directory name of a digest in the cache (`sha256-<hex>`: no colon in file names).
    static func directoryName(_ digest: String) -> String { digest.replacingOccurrences(of: ":", with: "-") }
}

/// One row of `lamb images` (and `GET /_lamb/v1/images`): a cached image and the function versions that use it.
public struct ImageSummary: Codable, Sendable, Equatable {
    public var references: [String]
    public var configDigest: String
    public var manifestDigest: String
    public var size: Int
    /// ISO 8601, UTC.
    public var unpackedAt: String
    /// `name` or `name:version`.
    public var functions: [String]

    public init(_ image: CachedImage, functions: [String]) {
        references = image.references
        configDigest = image.configDigest
        manifestDigest = image.manifestDigest
        size = image.size
        unpackedAt = ISO8601DateFormatter().string(from: image.unpackedAt)
        self.functions = functions
    }
}
