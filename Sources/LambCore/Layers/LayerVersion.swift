import Foundation

/// One published version of a layer: immutable once published, like Lambda's.
public struct LayerVersion: Codable, Sendable, Equatable {
    public var name: String
    public var version: Int
    public var description: String
    public var compatibleRuntimes: [String]
    public var compatibleArchitectures: [String]
    public var licenseInfo: String?
    /// The layer's zip in the blob store (`Content.CodeSha256`, `Content.CodeSize`).
    public var code: CodeReference
    /// What the zip unpacks to, counted against a function's 250 MB with its layers.
    public var unzippedSize: Int
    public var createdDate: Date

    public init(
        name: String, version: Int, settings: LayerVersionSettings, code: CodeReference, unzippedSize: Int,
        createdDate: Date = Date()
    ) {
        self.name = name
        self.version = version
        self.description = settings.description
        self.compatibleRuntimes = settings.compatibleRuntimes
        self.compatibleArchitectures = settings.compatibleArchitectures
        self.licenseInfo = settings.licenseInfo
        self.code = code
        self.unzippedSize = unzippedSize
        self.createdDate = createdDate
    }

    /// Whether this version is listed under the `CompatibleRuntime` / `CompatibleArchitecture` filters of
    /// ListLayers and ListLayerVersions (a `nil` filter matches everything).
    public func matches(runtime: String?, architecture: String?) -> Bool {
        if let runtime, !compatibleRuntimes.contains(runtime) { return false }
        if let architecture, !compatibleArchitectures.contains(architecture) { return false }
        return true
    }
}
