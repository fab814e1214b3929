/// The container image a `PackageType: Image` function version runs, pinned when the function was created or its
/// code updated: later pushes to the same tag change nothing until the next UpdateFunctionCode, as on Lambda.
public struct ImageCode: Codable, Sendable, Equatable {
    /// `ImageUri` as the user gave it.
    public var uri: String
    /// The same image pinned by its manifest's digest (`ResolvedImageUri`): `repository@sha256:…`.
    public var resolvedUri: String
    /// `sha256:…` of the image manifest; `CodeSha256` is its hex part, as Lambda reports it.
    public var manifestDigest: String
    /// `sha256:…` of the image configuration: the name of the unpacked root file system in the image cache.
    public var configDigest: String
    /// What the image's configuration says to run.
    public var process: ImageProcessConfig

    public init(
        uri: String, resolvedUri: String, manifestDigest: String, configDigest: String, process: ImageProcessConfig
    ) {
        self.uri = uri
        self.resolvedUri = resolvedUri
        self.manifestDigest = manifestDigest
        self.configDigest = configDigest
        self.process = process
    }

    /// `CodeSha256` of an image function: the manifest digest without its algorithm.
    public var codeSha256: String {
        manifestDigest.hasPrefix("sha256:") ? String(manifestDigest.dropFirst(7)) : manifestDigest
    }
}
