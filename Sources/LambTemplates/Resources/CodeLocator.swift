import Foundation

/// Finds a function's or layer's code from `CodeUri` / `ContentUri` / `Code` / `Content`: a path relative to the
/// template's directory (a directory, or a `.zip` / `.jar`), or S3, which Lamb keeps as such for the caller to
/// report.
struct CodeLocator: Sendable {
    /// The template file's directory, absolute.
    let templateDirectory: String

    /// An `ImageUri`, with the path of a local transport (`oci:`, `oci-archive:`, `docker-archive:`) made absolute
    /// from the template's directory, as `CodeUri` paths are; registry references as they are.
    func imageUri(_ uri: String) -> String {
        for transport in ["oci:", "oci-archive:", "docker-archive:"] where uri.hasPrefix(transport) {
            let path = uri.dropFirst(transport.count)
            if path.hasPrefix("/") { return uri }
            return transport + URL(fileURLWithPath: templateDirectory).appendingPathComponent(String(path)).path
        }
        return uri
    }

    /// `CodeUri: src/` or `CodeUri: s3://bucket/key` or `CodeUri: {Bucket, Key}` (the `Code` / `Content` spelling
    /// `{S3Bucket, S3Key}` too).
    func source(_ value: TemplateValue, at location: TemplateLocation) throws(TemplateError) -> CodeSource {
        if let text = value.text {
            if text.hasPrefix("s3://") { return try s3URI(text, at: location) }
            return try localPath(text, at: location)
        }
        let reader = try PropertyReader(value, at: location)
        let bucket = try reader.string("Bucket")
        let s3Bucket = try reader.string("S3Bucket")
        if let bucket = bucket ?? s3Bucket {
            let key = try reader.string("Key")
            let s3Key = try reader.string("S3Key")
            guard let key = key ?? s3Key else {
                throw location.error("an S3 location needs a Key")
            }
            return .s3(bucket: bucket, key: key)
        }
        throw location.error("must be a path, an s3:// URI or {Bucket, Key}")
    }

    /// A path on disk, relative to the template's directory: a directory, or a zip (any other file is taken as one).
    func localPath(_ path: String, at location: TemplateLocation) throws(TemplateError) -> CodeSource {
        let absolute = path.hasPrefix("/") ? path : templateDirectory + "/" + path
        let standardized = URL(fileURLWithPath: absolute).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: standardized, isDirectory: &isDirectory) else {
            let isArchive = path.hasSuffix(".zip") || path.hasSuffix(".jar")
            throw location.error("no such \(isArchive ? "file" : "directory"): \(path)")
        }
        return isDirectory.boolValue ? .directory(standardized) : .zipFile(standardized)
    }

    private func s3URI(_ uri: String, at location: TemplateLocation) throws(TemplateError) -> CodeSource {
        let rest = uri.dropFirst("s3://".count)
        guard let slash = rest.firstIndex(of: "/"), slash != rest.startIndex, rest.index(after: slash) != rest.endIndex
        else { throw location.error("\(uri) is not an s3://bucket/key URI") }
        return .s3(bucket: String(rest[..<slash]), key: String(rest[rest.index(after: slash)...]))
    }
}
