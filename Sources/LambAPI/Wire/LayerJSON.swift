import LambCore

/// The body of PublishLayerVersion.
struct PublishLayerVersionJSON: Decodable {
    struct ContentJSON: Decodable {
        var ZipFile: String?
        var S3Bucket: String?
        var S3Key: String?
        var S3ObjectVersion: String?
    }

    var Content: ContentJSON?
    var Description: String?
    var CompatibleRuntimes: [String]?
    var CompatibleArchitectures: [String]?
    var LicenseInfo: String?

    var settings: LayerVersionSettings {
        LayerVersionSettings(
            description: Description ?? "", compatibleRuntimes: CompatibleRuntimes ?? [],
            compatibleArchitectures: CompatibleArchitectures ?? [], licenseInfo: LicenseInfo)
    }
}

/// A layer version as PublishLayerVersion, GetLayerVersion and GetLayerVersionByArn return it, and (without
/// `Content` and `LayerArn`) as ListLayerVersions and ListLayers list it.
struct LayerVersionJSON: Encodable {
    struct ContentJSON: Encodable {
        var Location: String
        var CodeSha256: String
        var CodeSize: Int
    }

    var Content: ContentJSON?
    var LayerArn: String?
    var LayerVersionArn: String
    var Description: String
    var CreatedDate: String
    var Version: Int
    var CompatibleRuntimes: [String]?
    var LicenseInfo: String?
    var CompatibleArchitectures: [String]?

    /// `contentHost` is the `host:port` clients reached Lamb at (for `Content.Location`); `nil` for list items.
    init(_ layer: LayerVersion, account: AccountContext, contentHost: String?) {
        let arn = account.layerVersionArn(layer.name, layer.version)
        if let contentHost {
            Content = ContentJSON(
                Location: "http://\(contentHost)/_lamb/v1/layers/\(layer.name)/versions/\(layer.version)/content",
                CodeSha256: layer.code.sha256, CodeSize: layer.code.size)
            LayerArn = arn.layerArn
        }
        LayerVersionArn = arn.description
        Description = layer.description
        CreatedDate = LambdaTimestamp.lastModified(layer.createdDate)
        Version = layer.version
        CompatibleRuntimes = layer.compatibleRuntimes.isEmpty ? nil : layer.compatibleRuntimes
        LicenseInfo = layer.licenseInfo
        CompatibleArchitectures = layer.compatibleArchitectures.isEmpty ? nil : layer.compatibleArchitectures
    }
}

/// One item of ListLayers: a layer and its newest version that matches the filters.
struct LayersListItemJSON: Encodable {
    var LayerName: String
    var LayerArn: String
    var LatestMatchingVersion: LayerVersionJSON
}
