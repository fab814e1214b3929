/// Lambda's quotas and defaults, in one place (reference §5.6).
public enum Quotas {
    public static let memoryRange = 128...10240
    public static let defaultMemory = 128
    public static let timeoutRange = 1...900
    public static let defaultTimeout = 3
    public static let ephemeralStorageRange = 512...10240
    public static let defaultEphemeralStorage = 512
    /// 6 MB: synchronous request and response payloads.
    public static let syncPayloadBytes = 6_291_456
    /// The Runtime API accepts a little more than the payload limit before answering 413 (as RIE does).
    public static let runtimeResponseBytes = 6_291_456 + 100
    /// A streamed response (`Lambda-Runtime-Function-Response-Mode: streaming`): 200 MB in Lambda's current docs
    /// (a 20 MB soft limit when streaming launched in 2023). Beyond it the stream ends with
    /// `Function.ResponseSizeTooLarge`.
    public static let streamedResponseBytes = 200 * 1_048_576
    /// 1 MB: asynchronous (`Event`) payloads, since October 2025.
    public static let asyncPayloadBytes = 1_048_576
    public static let environmentBytes = 4096
    public static let zipBytes = 52_428_800
    public static let unzippedBytes = 262_144_000
    /// Entries (files, directories, links) in one deployment package or layer archive. Lambda documents no such
    /// limit; this is Lamb's own, so that a small zip of empty entries cannot make millions of files. Real packages
    /// stay far below it (a large `node_modules` has tens of thousands of files).
    public static let zipEntries = 100_000
    public static let totalCodeBytes: Int64 = 80_530_636_800
    public static let logTailBytes = 4096
    public static let initTimeoutSeconds = 10.0
    public static let clientContextBytes = 3583
    public static let layersPerFunction = 5
    /// PublishLayerVersion: at most 15 `CompatibleRuntimes`, `LicenseInfo` up to 512 characters.
    public static let layerCompatibleRuntimes = 15
    public static let layerLicenseInfoLength = 512
    public static let descriptionLength = 256
    public static let handlerLength = 128
    public static let defaultAccountConcurrency = 1000
    public static let minimumUnreservedConcurrency = 100
    public static let listPageSize = 50
}
