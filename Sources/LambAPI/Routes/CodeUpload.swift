import Foundation
import LambCore

/// The zip a CreateFunction, UpdateFunctionCode or PublishLayerVersion request carries: inline (`ZipFile`, base64) or
/// in S3 (`S3Bucket` + `S3Key`, optionally `S3ObjectVersion`), read through ``S3CodeSource``; or, for an image
/// function, its `ImageUri`.
struct CodeUpload {
    var zipFile: String?
    var s3Bucket: String?
    var s3Key: String?
    var s3ObjectVersion: String?
    var imageUri: String?

    func bytes(from source: S3CodeSource) async throws -> Data {
        if imageUri != nil {
            throw LambError.invalidParameter(
                "Please don't provide ImageUri when the intended function PackageType is Zip.")
        }
        let inS3 = s3Bucket != nil || s3Key != nil || s3ObjectVersion != nil
        if zipFile != nil && inS3 {
            throw LambError.invalidParameter(
                "Please do not provide other FunctionCode parameters when providing a ZipFile.")
        }
        if let zipFile { return try RequestJSON.zip(zipFile) }
        guard let bucket = s3Bucket, let key = s3Key, !bucket.isEmpty, !key.isEmpty else {
            throw LambError.invalidParameter(
                inS3 ? "S3Bucket and S3Key are both required for code in S3." : "Please provide a source for function code.")
        }
        return try await source.fetch(bucket: bucket, key: key, version: s3ObjectVersion)
    }

    /// The `ImageUri` of an image function's code; a zip in its place is refused.
    func requiredImageUri() throws -> String {
        if zipFile != nil || s3Bucket != nil || s3Key != nil || s3ObjectVersion != nil {
            throw LambError.invalidParameter(
                "Please don't provide ZipFile or S3 code location when the intended function PackageType is Image.")
        }
        guard let imageUri, !imageUri.isEmpty else {
            throw LambError.invalidParameter("Please provide ImageUri when the intended function PackageType is Image.")
        }
        return imageUri
    }
}
