import Foundation
import LambCore

/// The body of CreateFunction (reference §4.3).
struct CreateFunctionJSON: Decodable {
    struct CodeJSON: Decodable {
        var ZipFile: String?
        var S3Bucket: String?
        var S3Key: String?
        var S3ObjectVersion: String?
        var ImageUri: String?

        var upload: CodeUpload {
            CodeUpload(zipFile: ZipFile, s3Bucket: S3Bucket, s3Key: S3Key, s3ObjectVersion: S3ObjectVersion, imageUri: ImageUri)
        }
    }

    var FunctionName: String?
    var Code: CodeJSON?
    var PackageType: String?
    var Publish: Bool?
    var PublishTo: String?
    var Tags: [String: String]?
    var CodeSigningConfigArn: String?
    var settings: SettingsJSON

    enum CodingKeys: String, CodingKey { case FunctionName, Code, PackageType, Publish, PublishTo, Tags, CodeSigningConfigArn }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        FunctionName = try c.decodeIfPresent(String.self, forKey: .FunctionName)
        Code = try c.decodeIfPresent(CodeJSON.self, forKey: .Code)
        PackageType = try c.decodeIfPresent(String.self, forKey: .PackageType)
        Publish = try c.decodeIfPresent(Bool.self, forKey: .Publish)
        PublishTo = try c.decodeIfPresent(String.self, forKey: .PublishTo)
        Tags = try c.decodeIfPresent([String: String].self, forKey: .Tags)
        CodeSigningConfigArn = try c.decodeIfPresent(String.self, forKey: .CodeSigningConfigArn)
        settings = try SettingsJSON(from: decoder)
    }
}

/// The settings members shared by CreateFunction and UpdateFunctionConfiguration.
struct SettingsJSON: Decodable {
    struct Variables: Decodable { var Variables: [String: String]? }
    struct Mode: Decodable { var Mode: String? }
    struct Size: Decodable { var Size: Int? }
    struct SnapStartJSON: Decodable { var ApplyOn: String? }
    struct Logging: Decodable {
        var LogFormat: String?
        var ApplicationLogLevel: String?
        var SystemLogLevel: String?
        var LogGroup: String?
    }
    struct DeadLetter: Decodable { var TargetArn: String? }
    struct Vpc: Decodable {
        var SubnetIds: [String]?
        var SecurityGroupIds: [String]?
        var Ipv6AllowedForDualStack: Bool?
    }
    struct FileSystem: Decodable {
        var Arn: String?
        var LocalMountPath: String?
    }
    struct Image: Decodable {
        var EntryPoint: [String]?
        var Command: [String]?
        var WorkingDirectory: String?
    }

    var Runtime: String?
    var Handler: String?
    var Role: String?
    var Description: String?
    var MemorySize: Int?
    var Timeout: Int?
    var Environment: Variables?
    var EphemeralStorage: Size?
    var Architectures: [String]?
    var TracingConfig: Mode?
    var Layers: [String]?
    var DeadLetterConfig: DeadLetter?
    var SnapStart: SnapStartJSON?
    var LoggingConfig: Logging?
    var KMSKeyArn: String?
    var VpcConfig: Vpc?
    var FileSystemConfigs: [FileSystem]?
    var ImageConfig: Image?
    var RevisionId: String?
    var CapacityProviderConfig: JSONValue?
    var DurableConfig: JSONValue?
    var TenancyConfig: JSONValue?

    var patch: FunctionSettingsPatch {
        get throws {
            try UnemulatedFeatures.refuse(
                capacityProvider: CapacityProviderConfig, durable: DurableConfig, tenancy: TenancyConfig)
            var p = basicPatch
            p.vpcConfig = VpcConfig.map {
                VpcSettings(
                    subnetIds: $0.SubnetIds ?? [], securityGroupIds: $0.SecurityGroupIds ?? [],
                    ipv6AllowedForDualStack: $0.Ipv6AllowedForDualStack)
            }
            p.fileSystemConfigs = try FileSystemConfigs.map { configs in
                try configs.enumerated().map { index, config in
                    // Both members are required by the model.
                    for (member, value) in [("arn", config.Arn), ("localMountPath", config.LocalMountPath)]
                    where value == nil {
                        throw LambError.invalidParameter(
                            "1 validation error detected: Value null at 'fileSystemConfigs.\(index + 1).member.\(member)' "
                                + "failed to satisfy constraint: Member must not be null")
                    }
                    return FileSystemSettings(arn: config.Arn!, localMountPath: config.LocalMountPath!)
                }
            }
            p.imageConfig = ImageConfig.map {
                ImageSettings(entryPoint: $0.EntryPoint, command: $0.Command, workingDirectory: $0.WorkingDirectory)
            }
            return p
        }
    }

    private var basicPatch: FunctionSettingsPatch {
        var p = FunctionSettingsPatch()
        p.runtime = Runtime
        p.handler = Handler
        p.role = Role
        p.description = Description
        p.memorySize = MemorySize
        p.timeout = Timeout
        p.environment = Environment.map { $0.Variables ?? [:] }
        p.ephemeralStorageSize = EphemeralStorage?.Size
        p.architectures = Architectures
        p.tracingMode = TracingConfig?.Mode
        p.layers = Layers
        p.deadLetterTargetArn = DeadLetterConfig.map { $0.TargetArn ?? "" }
        p.snapStartApplyOn = self.SnapStart?.ApplyOn
        p.logFormat = LoggingConfig?.LogFormat
        p.applicationLogLevel = LoggingConfig?.ApplicationLogLevel
        p.systemLogLevel = LoggingConfig?.SystemLogLevel
        p.logGroup = LoggingConfig?.LogGroup
        p.kmsKeyArn = KMSKeyArn
        return p
    }
}

/// The body of UpdateFunctionCode.
struct UpdateFunctionCodeJSON: Decodable {
    var ZipFile: String?
    var S3Bucket: String?
    var S3Key: String?
    var S3ObjectVersion: String?
    var ImageUri: String?
    var Publish: Bool?
    var PublishTo: String?
    var DryRun: Bool?
    var RevisionId: String?
    var Architectures: [String]?

    var upload: CodeUpload {
        CodeUpload(zipFile: ZipFile, s3Bucket: S3Bucket, s3Key: S3Key, s3ObjectVersion: S3ObjectVersion, imageUri: ImageUri)
    }
}

/// Decodes a request body, turning a malformed one into an AWS error instead of a stack trace.
enum RequestJSON {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data.isEmpty ? Data("{}".utf8) : data)
        } catch let error as DecodingError {
            throw LambError.invalidParameter("Could not read the request body: \(describe(error))")
        }
    }

    /// Refuses a request without a member the model requires, with the model's message (the first one missing).
    static func requireMembers(_ members: [(name: String, value: Any?)]) throws {
        for (name, value) in members where value == nil {
            throw LambError.invalidParameter(
                "1 validation error detected: Value null at '\(name)' failed to satisfy constraint: Member must not be "
                    + "null")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            let path = c.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? c.debugDescription : "\(path): \(c.debugDescription)"
        case .keyNotFound(let key, _):
            return "missing \(key.stringValue)"
        @unknown default:
            return "\(error)"
        }
    }

    /// Decodes base64 `ZipFile` content.
    static func zip(_ base64: String?) throws -> Data {
        guard let base64, let data = Data(base64Encoded: base64) else {
            throw LambError.invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.")
        }
        return data
    }
}
