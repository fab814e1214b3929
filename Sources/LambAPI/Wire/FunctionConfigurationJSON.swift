import LambCore

/// `FunctionConfiguration` as Lambda's API returns it (reference §4.2). `nil` members are left out.
struct FunctionConfigurationJSON: Encodable {
    /// The moment a configuration is shown in: right after a create or update Lambda still reports the change as
    /// under way; reads afterwards see it settled (Lamb applies every change synchronously).
    enum Moment {
        case created
        case updated
        case settled
        /// ListFunctions items carry no state fields.
        case listed
    }

    struct Variables: Encodable { var Variables: [String: String] }
    struct Mode: Encodable { var Mode: String }
    struct Size: Encodable { var Size: Int }
    struct Layer: Encodable { var Arn: String; var CodeSize: Int }
    struct SnapStartJSON: Encodable { var ApplyOn: String; var OptimizationStatus: String }
    struct Logging: Encodable {
        var LogFormat: String
        var ApplicationLogLevel: String?
        var SystemLogLevel: String?
        var LogGroup: String
    }
    struct DeadLetter: Encodable { var TargetArn: String }
    struct RuntimeVersion: Encodable { var RuntimeVersionArn: String }
    struct Vpc: Encodable {
        var SubnetIds: [String]
        var SecurityGroupIds: [String]
        var VpcId: String
        var Ipv6AllowedForDualStack: Bool?
    }
    struct FileSystem: Encodable {
        var Arn: String
        var LocalMountPath: String
    }

    struct ImageConfigResponseJSON: Encodable {
        struct Config: Encodable {
            var EntryPoint: [String]?
            var Command: [String]?
            var WorkingDirectory: String?
        }
        var ImageConfig: Config
    }

    var FunctionName: String
    var FunctionArn: String
    /// Image functions have neither.
    var Runtime: String?
    var Role: String
    var Handler: String?
    var CodeSize: Int
    var Description: String
    var Timeout: Int
    var MemorySize: Int
    var LastModified: String
    var CodeSha256: String
    var Version: String
    var Environment: Variables?
    var TracingConfig: Mode
    var RevisionId: String
    var Layers: [Layer]?
    var State: String?
    var StateReason: String?
    var StateReasonCode: String?
    var LastUpdateStatus: String?
    var LastUpdateStatusReason: String?
    var LastUpdateStatusReasonCode: String?
    var PackageType = "Zip"
    var Architectures: [String]
    var EphemeralStorage: Size
    var SnapStart: SnapStartJSON
    var LoggingConfig: Logging
    var DeadLetterConfig: DeadLetter?
    var KMSKeyArn: String?
    var VpcConfig: Vpc?
    var FileSystemConfigs: [FileSystem]?
    var RuntimeVersionConfig: RuntimeVersion?
    var ImageConfigResponse: ImageConfigResponseJSON?

    /// `layerSizes` gives each layer version ARN's `CodeSize` (the zip's size).
    init(_ d: FunctionDefinition, account: AccountContext, moment: Moment, layerSizes: [String: Int] = [:]) {
        let s = d.settings
        FunctionName = d.name
        FunctionArn = account.functionArn(d.name, qualifier: d.version == FunctionDefinition.latest ? nil : d.version)
        Runtime = s.isImage ? nil : s.runtime
        Role = s.role
        Handler = s.isImage ? nil : s.handler
        if s.isImage {
            PackageType = "Image"
            // Lambda shows the overrides the function sets (an empty object when it sets none).
            ImageConfigResponse = ImageConfigResponseJSON(
                ImageConfig: .init(
                    EntryPoint: s.imageConfig?.entryPoint, Command: s.imageConfig?.command,
                    WorkingDirectory: s.imageConfig?.workingDirectory))
        }
        CodeSize = d.code.size
        Description = s.description
        Timeout = s.timeout
        MemorySize = s.memorySize
        LastModified = LambdaTimestamp.lastModified(d.lastModified)
        CodeSha256 = d.code.sha256
        Version = d.version
        Environment = s.environment.isEmpty ? nil : Variables(Variables: s.environment)
        TracingConfig = Mode(Mode: s.tracingMode)
        RevisionId = d.revisionId
        Layers = s.layers.isEmpty ? nil : s.layers.map { Layer(Arn: $0, CodeSize: layerSizes[$0] ?? 0) }
        Architectures = s.architectures
        EphemeralStorage = Size(Size: s.ephemeralStorageSize)
        self.SnapStart = SnapStartJSON(ApplyOn: s.snapStartApplyOn, OptimizationStatus: "Off")
        LoggingConfig = Logging(
            LogFormat: s.logFormat, ApplicationLogLevel: s.applicationLogLevel, SystemLogLevel: s.systemLogLevel,
            LogGroup: s.logGroup ?? account.logGroupName(d.name))
        DeadLetterConfig = s.deadLetterTargetArn.map { DeadLetter(TargetArn: $0) }
        KMSKeyArn = s.kmsKeyArn
        VpcConfig = s.vpcConfig.map {
            Vpc(
                SubnetIds: $0.subnetIds, SecurityGroupIds: $0.securityGroupIds, VpcId: $0.madeUpVpcId,
                Ipv6AllowedForDualStack: $0.ipv6AllowedForDualStack)
        }
        FileSystemConfigs = s.fileSystemConfigs.map { $0.map { FileSystem(Arn: $0.arn, LocalMountPath: $0.localMountPath) } }
        switch moment {
        case .created:
            State = "Pending"
            StateReason = "The function is being created."
            StateReasonCode = "Creating"
        case .updated:
            State = "Active"
            LastUpdateStatus = "InProgress"
            LastUpdateStatusReason = "The function is being created."
            LastUpdateStatusReasonCode = "Creating"
        case .settled:
            State = "Active"
            LastUpdateStatus = "Successful"
        case .listed:
            break
        }
        if moment != .listed && !s.isImage {
            RuntimeVersionConfig = RuntimeVersion(RuntimeVersionArn: "arn:aws:lambda:\(account.region)::runtime:lamb")
        }
    }
}
