import Foundation

/// The code of a function version: a zip stored by its hash (for an image function, no blob: ``empty(for:)``).
public struct CodeReference: Codable, Sendable, Equatable {
    /// Base64 of the SHA-256 of the zip, as Lambda reports `CodeSha256`.
    public var sha256: String
    /// Size of the zip in bytes (`CodeSize`).
    public var size: Int
    /// Lowercase hex of the same hash: the blob's file name.
    public var blobName: String

    public init(sha256: String, size: Int, blobName: String) {
        self.sha256 = sha256
        self.size = size
        self.blobName = blobName
    }

    /// The code reference of an image function: no zip, `CodeSha256` the manifest digest's hex, as Lambda shows it.
    /// The blob name is one the blob store never has (it names hex digests only).
    public static func empty(for image: ImageCode) -> CodeReference {
        CodeReference(sha256: image.codeSha256, size: 0, blobName: "image-" + image.codeSha256)
    }
}

/// One version of a function (`$LATEST` or a published number): its settings, its code and its bookkeeping.
public struct FunctionDefinition: Codable, Sendable, Equatable {
    public static let latest = "$LATEST"

    public var name: String
    public var version: String
    public var settings: FunctionSettings
    public var code: CodeReference
    /// The container image of a `PackageType: Image` version (its ``code`` is then empty); `nil` for .zip code.
    public var image: ImageCode?
    /// Changes on every update; clients use it for optimistic locking.
    public var revisionId: String
    public var lastModified: Date

    public init(
        name: String, version: String = FunctionDefinition.latest, settings: FunctionSettings, code: CodeReference,
        revisionId: String = UUID().uuidString.lowercased(), lastModified: Date = Date()
    ) {
        self.name = name
        self.version = version
        self.settings = settings
        self.code = code
        self.revisionId = revisionId
        self.lastModified = lastModified
    }

    /// Marks the definition as changed: a new revision id and modification time.
    public mutating func touch(now: Date = Date()) {
        revisionId = UUID().uuidString.lowercased()
        lastModified = now
    }
}

/// A function as stored: its `$LATEST` definition plus what belongs to the function rather than a version.
public struct FunctionRecord: Codable, Sendable, Equatable {
    public var latest: FunctionDefinition
    public var tags: [String: String]
    public var createdAt: Date
    /// `ReservedConcurrentExecutions`, when set (a cap and a guarantee).
    public var reservedConcurrency: Int?
    /// `RecursiveLoop` as PutFunctionRecursionConfig stored it; `nil` until then (records written before recursion
    /// configs existed have none). Read ``recursiveLoop``.
    public var recursionConfig: RecursiveLoop?

    public var name: String { latest.name }

    /// Whether an invocation loop through this function is stopped (`Terminate`, Lambda's default) or allowed.
    public var recursiveLoop: RecursiveLoop { recursionConfig ?? .default }

    public init(latest: FunctionDefinition, tags: [String: String] = [:], createdAt: Date = Date()) {
        self.latest = latest
        self.tags = tags
        self.createdAt = createdAt
    }
}
