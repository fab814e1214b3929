import Foundation
import LambCore

/// The zip a CreateFunction, UpdateFunctionCode or PublishLayerVersion request carries: inline (`ZipFile`, base64) or
/// in S3 (`S3Bucket` + `S3Key`, optionally `S3ObjectVersion`), read through ``S3CodeSource``.
struct CodeUpload {
    var zipFile: String?
    var s3Bucket: String?
    var s3Key: String?
    var s3ObjectVersion: String?
    var imageUri: String?

    func bytes(from source: S3CodeSource) async throws -> Data {
        if imageUri != nil {
            throw LambError.invalidParameter(
                "Lamb runs .zip deployment packages only; container image code (ImageUri) is not supported yet.")
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
}
