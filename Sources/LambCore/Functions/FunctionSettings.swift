import Foundation

/// Everything a user configures about one version of a function, apart from its code.
///
/// Values are validated by ``FunctionSettings/applying(_:)``; a stored `FunctionSettings` is always valid.
public struct FunctionSettings: Codable, Sendable, Equatable {
    public var runtime: String
    public var handler: String
    public var role: String
    public var description: String = ""
    public var memorySize: Int = Quotas.defaultMemory
    public var timeout: Int = Quotas.defaultTimeout
    public var environment: [String: String] = [:]
    public var ephemeralStorageSize: Int = Quotas.defaultEphemeralStorage
    public var architectures: [String] = ["x86_64"]
    public var tracingMode: String = "PassThrough"
    public var layers: [String] = []
    public var deadLetterTargetArn: String?
    public var snapStartApplyOn: String = "None"
    public var logFormat: String = "Text"
    public var applicationLogLevel: String?
    public var systemLogLevel: String?
    public var logGroup: String?
    public var kmsKeyArn: String?
    /// `nil` when the function is not in a VPC.
    public var vpcConfig: VpcSettings?
    /// `nil` when the function mounts no file system.
    public var fileSystemConfigs: [FileSystemSettings]?
    /// `Image` for a container image function; `nil` (records written before images existed, and every .zip
    /// function) is `Zip`. Image functions have an empty runtime and handler.
    public var packageType: PackageType?
    /// `ImageConfig`: an image function's overrides of its image's entry point, command and working directory.
    public var imageConfig: ImageSettings?

    public var isImage: Bool { packageType == .image }

    public init(runtime: String, handler: String, role: String) {
        self.runtime = runtime
        self.handler = handler
        self.role = role
    }
}

/// A partial set of settings, as CreateFunction and UpdateFunctionConfiguration carry them. `nil` means "unchanged"
/// (or "default" on create).
public struct FunctionSettingsPatch: Sendable, Equatable {
    public var runtime: String?
    public var handler: String?
    public var role: String?
    public var description: String?
    public var memorySize: Int?
    public var timeout: Int?
    public var environment: [String: String]?
    public var ephemeralStorageSize: Int?
    public var architectures: [String]?
    public var tracingMode: String?
    public var layers: [String]?
    public var deadLetterTargetArn: String?
    public var snapStartApplyOn: String?
    public var logFormat: String?
    public var applicationLogLevel: String?
    public var systemLogLevel: String?
    public var logGroup: String?
    public var kmsKeyArn: String?
    /// Empty lists take the function out of its VPC.
    public var vpcConfig: VpcSettings?
    /// An empty list removes the file system.
    public var fileSystemConfigs: [FileSystemSettings]?
    /// Stored for image functions; refused (unless empty) for .zip ones (see ``ImageSettings``).
    public var imageConfig: ImageSettings?
    /// Only CreateFunction sets it; `nil` is `Zip`.
    public var packageType: PackageType?

    public init() {}
}

extension FunctionSettings {
    /// Builds the settings of a new function from a CreateFunction request.
    public static func creating(from patch: FunctionSettingsPatch, runtimes: any RuntimeAvailability) throws
        -> FunctionSettings
    {
        guard let role = patch.role, !role.isEmpty else {
            throw LambError.invalidParameter("The role defined for the function cannot be assumed by Lambda.")
        }
        if patch.packageType == .image {
            var settings = FunctionSettings(runtime: "", handler: "", role: role)
            settings.packageType = .image
            return try settings.applying(patch, runtimes: runtimes)
        }
        guard let runtime = patch.runtime else {
            throw LambError.invalidParameter("Runtime is required for .zip deployment packages.")
        }
        guard let handler = patch.handler else {
            throw LambError.invalidParameter("Handler is required for .zip deployment packages.")
        }
        var settings = FunctionSettings(runtime: runtime, handler: handler, role: role)
        settings = try settings.applying(patch, runtimes: runtimes)
        return settings
    }

    /// Returns these settings with the patch applied, or throws `InvalidParameterValueException` naming the first
    /// value that Lambda would refuse. Nothing changes when it throws.
    public func applying(_ patch: FunctionSettingsPatch, runtimes: any RuntimeAvailability) throws -> FunctionSettings {
        var next = self
        if let v = patch.runtime { next.runtime = v }
        if let v = patch.handler { next.handler = v }
        if let v = patch.role { next.role = v }
        if let v = patch.description { next.description = v }
        if let v = patch.memorySize { next.memorySize = v }
        if let v = patch.timeout { next.timeout = v }
        if let v = patch.environment { next.environment = v }
        if let v = patch.ephemeralStorageSize { next.ephemeralStorageSize = v }
        if let v = patch.architectures { next.architectures = v }
        if let v = patch.tracingMode { next.tracingMode = v }
        if let v = patch.layers { next.layers = v }
        if let v = patch.deadLetterTargetArn { next.deadLetterTargetArn = v.isEmpty ? nil : v }
        if let v = patch.snapStartApplyOn { next.snapStartApplyOn = v }
        if let v = patch.logFormat { next.logFormat = v }
        if let v = patch.applicationLogLevel { next.applicationLogLevel = v }
        if let v = patch.systemLogLevel { next.systemLogLevel = v }
        if let v = patch.logGroup { next.logGroup = v }
        if let v = patch.kmsKeyArn { next.kmsKeyArn = v.isEmpty ? nil : v }
        if let v = patch.vpcConfig {
            try FunctionSettingsValidator.validateVpc(v)
            next.vpcConfig = v.isEmpty ? nil : v
        }
        if let v = patch.fileSystemConfigs { next.fileSystemConfigs = v.isEmpty ? nil : v }
        if isImage {
            try FunctionSettingsValidator.refuseZipOnlySettings(patch)
            if let v = patch.imageConfig {
                try FunctionSettingsValidator.validateImage(v, isImage: true)
                next.imageConfig = v.isEmpty ? nil : v
            }
        } else if let v = patch.imageConfig {
            try FunctionSettingsValidator.validateImage(v, isImage: false)
        }
        try next.validate(runtimes: runtimes)
        return next
    }

    func validate(runtimes: any RuntimeAvailability) throws {
        try FunctionSettingsValidator.validate(self, runtimes: runtimes)
    }
}
