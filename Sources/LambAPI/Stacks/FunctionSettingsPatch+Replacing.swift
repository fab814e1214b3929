import LambCore

extension FunctionSettingsPatch {
    /// A patch that sets every field to `settings`' value, so that applying it gives exactly `settings` (a template
    /// that drops `Timeout` goes back to the default, which a partial patch would not do).
    static func replacing(with settings: FunctionSettings) -> FunctionSettingsPatch {
        var patch = FunctionSettingsPatch()
        patch.runtime = settings.runtime
        patch.handler = settings.handler
        patch.role = settings.role
        patch.description = settings.description
        patch.memorySize = settings.memorySize
        patch.timeout = settings.timeout
        patch.environment = settings.environment
        patch.ephemeralStorageSize = settings.ephemeralStorageSize
        patch.architectures = settings.architectures
        patch.tracingMode = settings.tracingMode
        patch.layers = settings.layers
        // An empty text clears these two (see FunctionSettings.applying).
        patch.deadLetterTargetArn = settings.deadLetterTargetArn ?? ""
        patch.kmsKeyArn = settings.kmsKeyArn ?? ""
        // Empty lists clear these two.
        patch.vpcConfig = settings.vpcConfig ?? VpcSettings(subnetIds: [], securityGroupIds: [])
        patch.fileSystemConfigs = settings.fileSystemConfigs ?? []
        patch.snapStartApplyOn = settings.snapStartApplyOn
        patch.logFormat = settings.logFormat
        patch.applicationLogLevel = settings.applicationLogLevel
        patch.systemLogLevel = settings.systemLogLevel
        patch.logGroup = settings.logGroup
        if settings.isImage {
            // An image brings its runtime, handler and files; an empty ImageConfig clears the overrides.
            patch.runtime = nil
            patch.handler = nil
            patch.layers = nil
            patch.packageType = .image
            patch.imageConfig = settings.imageConfig ?? ImageSettings()
        }
        return patch
    }
}
