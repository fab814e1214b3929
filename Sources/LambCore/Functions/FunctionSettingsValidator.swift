import Foundation

/// Lambda's rules for function settings, with the wording Lambda uses where it is known.
enum FunctionSettingsValidator {
    /// Variables the platform sets itself; Lambda refuses them in `Environment.Variables`.
    static let reservedEnvironmentKeys: Set<String> = [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ]

    static func validate(_ s: FunctionSettings, runtimes: any RuntimeAvailability) throws {
        try checkRange("MemorySize", s.memorySize, Quotas.memoryRange)
        try checkRange("Timeout", s.timeout, Quotas.timeoutRange)
        try checkRange("EphemeralStorage.Size", s.ephemeralStorageSize, Quotas.ephemeralStorageRange)
        if !s.isImage {
            try validateRuntime(s.runtime, runtimes: runtimes)
            try validateHandler(s.handler)
        } else if s.snapStartApplyOn != "None" {
            // SnapStart snapshots managed runtimes only.
            throw LambError.invalidParameter("SnapStart is not supported for functions with PackageType Image.")
        }
        try validateRole(s.role)
        if s.description.count > Quotas.descriptionLength {
            throw LambError.invalidParameter(
                "'Description' value failed to satisfy constraint: Member must have length less than or equal to 256"
            )
        }
        guard s.architectures.count == 1, ["x86_64", "arm64"].contains(s.architectures[0]) else {
            throw LambError.invalidParameter(
                "'Architectures' value failed to satisfy constraint: Member must have exactly one of [x86_64, arm64]"
            )
        }
        guard ["PassThrough", "Active"].contains(s.tracingMode) else {
            throw LambError.invalidParameter("TracingConfig.Mode must be PassThrough or Active.")
        }
        guard ["Text", "JSON"].contains(s.logFormat) else {
            throw LambError.invalidParameter("LoggingConfig.LogFormat must be Text or JSON.")
        }
        guard ["None", "PublishedVersions"].contains(s.snapStartApplyOn) else {
            throw LambError.invalidParameter("SnapStart.ApplyOn must be PublishedVersions or None.")
        }
        if s.layers.count > Quotas.layersPerFunction {
            throw LambError.invalidParameter("Cannot reference more than 5 layers.")
        }
        try validateEnvironment(s.environment)
        if let target = s.deadLetterTargetArn { try validateDeadLetterTarget(target) }
        if let key = s.kmsKeyArn { try validateKMSKey(key) }
        if let vpc = s.vpcConfig { try validateVpc(vpc) }
        try validateFileSystems(s.fileSystemConfigs ?? [], vpc: s.vpcConfig)
    }

    static func checkRange(_ name: String, _ value: Int, _ range: ClosedRange<Int>) throws {
        if value < range.lowerBound {
            throw LambError.invalidParameter(
                "'\(name)' value failed to satisfy constraint: Member must have value greater than or equal to \(range.lowerBound)"
            )
        }
        if value > range.upperBound {
            throw LambError.invalidParameter(
                "'\(name)' value failed to satisfy constraint: Member must have value less than or equal to \(range.upperBound)"
            )
        }
    }

    static func validateRuntime(_ runtime: String, runtimes: any RuntimeAvailability) throws {
        guard LambdaRuntimeNames.all.contains(runtime) else {
            throw LambError.invalidParameter(
                "Value \(runtime) at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[\(LambdaRuntimeNames.all.sorted().joined(separator: ", "))] or be a valid ARN"
            )
        }
        if let reason = runtimes.unavailabilityReason(for: runtime) {
            throw LambError.invalidParameter(reason)
        }
    }

    static func validateHandler(_ handler: String) throws {
        if handler.isEmpty || handler.count > Quotas.handlerLength
            || handler.unicodeScalars.contains(where: { CharacterSet.whitespacesAndNewlines.contains($0) })
        {
            throw LambError.invalidParameter(
                "Value '\(handler)' at 'handler' failed to satisfy constraint: Member must satisfy regular expression "
                    + "pattern: [^\\s]+ and have length less than or equal to 128"
            )
        }
    }

    /// `arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`
    static func validateRole(_ role: String) throws {
        let parts = role.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@-_/")
        let valid =
            parts.count == 6 && parts[0] == "arn" && parts[1].hasPrefix("aws") && parts[2] == "iam" && parts[3].isEmpty
            && parts[4].count == 12 && parts[4].allSatisfy(\.isNumber) && parts[5].hasPrefix("role")
            && parts[5].count > 5 && parts[5].unicodeScalars.allSatisfy { allowed.contains($0) }
        guard valid else {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(role)' at 'role' failed to satisfy constraint: Member must "
                    + "satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+"
            )
        }
    }

    static func validateEnvironment(_ variables: [String: String]) throws {
        let reserved = variables.keys.filter { reservedEnvironmentKeys.contains($0) }.sorted()
        if !reserved.isEmpty {
            throw LambError.invalidParameter(
                "Lambda was unable to configure your environment variables because the environment variables you have "
                    + "provided contains reserved keys that are currently not supported for modification. Reserved "
                    + "keys used in this request: \(reserved.joined(separator: ", "))"
            )
        }
        for key in variables.keys.sorted() where !isValidEnvironmentKey(key) {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(key)' at 'environment.variables' failed to satisfy constraint: "
                    + "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: "
                    + "[a-zA-Z]([a-zA-Z0-9_])+]"
            )
        }
        // Lambda measures the variables as the JSON object it stores.
        let measured = environmentJSON(variables)
        if measured.utf8.count > Quotas.environmentBytes {
            throw LambError.invalidParameter(
                "Lambda was unable to configure your environment variables because the environment variables you have "
                    + "provided exceeded the 4KB limit. String measured: \(measured)"
            )
        }
    }

    static func isValidEnvironmentKey(_ key: String) -> Bool {
        let scalars = Array(key.unicodeScalars)
        guard scalars.count >= 2, scalars[0].isASCIILetter else { return false }
        return scalars.dropFirst().allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "_" }
    }

    static func environmentJSON(_ variables: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(variables)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
