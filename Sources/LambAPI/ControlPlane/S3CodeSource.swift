import Foundation
import LambAWS
import LambCore

/// Where `Code.S3Bucket` / `S3Key` / `S3ObjectVersion` (CreateFunction, UpdateFunctionCode) and a layer's
/// `Content.S3Bucket` are read from: a local directory standing for the bucket (`--s3-dir BUCKET=DIR`, checked
/// first) or the S3 endpoint (`--aws-endpoint`, `--endpoint s3=URL`). Errors read as Lambda's do when S3 refuses
/// ("Error occurred while GetObject. S3 Error Code: NoSuchKey. ..."), and say what to configure when Lamb has
/// nowhere to look.
public struct S3CodeSource: Sendable {
    /// Bucket name to the directory that holds its keys.
    public var bucketDirectories: [String: String]
    public var aws: AWSConfiguration

    public init(bucketDirectories: [String: String] = [:], aws: AWSConfiguration = AWSConfiguration()) {
        self.bucketDirectories = bucketDirectories
        self.aws = aws
    }

    /// The object's bytes. A directory's files have no versions: `version` is then ignored.
    public func fetch(bucket: String, key: String, version: String?) async throws -> Data {
        if let directory = bucketDirectories[bucket] { return try Self.read(key: key, in: directory, bucket: bucket) }
        guard let endpoint = aws.endpoints.url(for: "s3") else {
            throw LambError.invalidParameter(
                "Lamb cannot fetch s3://\(bucket)/\(key): it has no S3 endpoint (--aws-endpoint URL or "
                    + "--endpoint s3=URL) and no local directory for the bucket (--s3-dir \(bucket)=DIR).")
        }
        let client = S3Client(endpoint: endpoint, region: aws.endpoints.region, credentials: aws.credentials)
        do {
            return try await client.getObject(bucket: bucket, key: key, version: version, limit: Quotas.unzippedBytes)
        } catch let error as AWSServiceError {
            throw LambError.invalidParameter(
                "Error occurred while GetObject. S3 Error Code: \(error.code). S3 Error Message: \(error.message)")
        } catch let error as AWSTransportError {
            throw LambError(.serviceException, "Lamb could not fetch s3://\(bucket)/\(key): \(error)")
        }
    }

    /// `key` under `directory`; a key whose path would leave the directory (`..`) names no object.
    static func read(key: String, in directory: String, bucket: String) throws -> Data {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath()
        let file = root.appendingPathComponent(key).standardizedFileURL.resolvingSymlinksInPath()
        let inside = file.path.hasPrefix(root.path.hasSuffix("/") ? root.path : root.path + "/")
        guard inside, let data = FileManager.default.contents(atPath: file.path), !key.hasSuffix("/") else {
            throw LambError.invalidParameter(
                "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key "
                    + "does not exist. (Lamb looked for \(key) in \(directory), the directory --s3-dir gives for "
                    + "bucket \(bucket).)")
        }
        return data
    }

    /// Parses `BUCKET=DIR`.
    public static func parseDirectory(_ entry: String) throws -> (bucket: String, directory: String) {
        let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw LambError.invalidParameter("--s3-dir takes BUCKET=DIR, e.g. my-bucket=./artifacts: \(entry)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parts[1], isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LambError.invalidParameter("--s3-dir \(entry): \(parts[1]) is not a directory")
        }
        return (parts[0], URL(fileURLWithPath: parts[1]).standardizedFileURL.path)
    }
}
