import LambCore

/// `AWS::Serverless::LayerVersion` and `AWS::Lambda::LayerVersion`.
extension StackAssembler {
    mutating func addLayer(_ resource: TemplateResource) throws(TemplateError) {
        let serverless = resource.type == LambdaResourceType.serverlessLayer
        let name = try resolver.physicalName(of: resource)
        let properties = try resolvedProperties(of: resource)
        guard LayerVersionArn.isValidName(name) else {
            throw properties.location(of: "LayerName").error("\(name) is not a valid layer name ([a-zA-Z0-9-_])")
        }
        let key = serverless ? "ContentUri" : "Content"
        guard let raw = properties.value(key) else { throw properties.location(of: key).error("is required") }
        let content: CodeSource
        if let path = raw.text, !path.hasPrefix("s3://") {
            content = try code.localPath(path, at: properties.location(of: key))
        } else {
            content = try code.source(raw, at: properties.location(of: key))
        }
        if case .s3(let bucket, let objectKey) = content {
            note(
                properties.location(of: key).finding(
                    .skipped,
                    "content on S3 (s3://\(bucket)/\(objectKey)) cannot be fetched locally; the layer is not published")
            )
        }
        let settings = LayerVersionSettings(
            description: try properties.string("Description") ?? "",
            compatibleRuntimes: try properties.strings("CompatibleRuntimes") ?? [],
            compatibleArchitectures: try properties.strings("CompatibleArchitectures") ?? [],
            licenseInfo: try properties.string("LicenseInfo"))
        reportProperties(properties, of: resource)
        stack.layers.append(
            StackLayer(
                logicalId: resource.logicalId, name: name, content: content, settings: settings,
                buildMethod: resource.metadata?["BuildMethod"]?.text))
    }
}
