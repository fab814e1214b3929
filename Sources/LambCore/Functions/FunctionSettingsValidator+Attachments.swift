import Foundation

/// `KMSKeyArn`, `VpcConfig`, `FileSystemConfigs` and `ImageConfig`: first the constraints of Lambda's API model
/// (lengths, counts, patterns), then the rules Lambda applies to the values. What only AWS could check (that the key,
/// the subnets or the access point exist) Lamb cannot, and does not pretend to.
extension FunctionSettingsValidator {
    static let maxSubnets = 16
    static let maxSecurityGroups = 5
    static let maxFileSystems = 1
    static let maxMountPathLength = 160
    static let maxImageListCount = 1500
    static let maxWorkingDirectoryLength = 1000

    /// The model's pattern (also `DeadLetterConfig.TargetArn`'s), then a key of the KMS service.
    static func validateKMSKey(_ arn: String) throws {
        guard ARNPatterns.matchesLoose(arn) else {
            throw modelViolation(arn, at: "kMSKeyArn", "satisfy regular expression pattern: \(ARNPatterns.looseText)")
        }
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[2] == "kms", parts[5].hasPrefix("key/"), parts[5].count > 4 else {
            throw LambError.invalidParameter(
                "KMSKeyArn must be the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<key id>): \(arn)")
        }
    }

    static func validateVpc(_ vpc: VpcSettings) throws {
        if vpc.subnetIds.count > maxSubnets {
            throw modelViolation(
                list(vpc.subnetIds), at: "vpcConfig.subnetIds", "have length less than or equal to \(maxSubnets)")
        }
        if vpc.securityGroupIds.count > maxSecurityGroups {
            throw modelViolation(
                list(vpc.securityGroupIds), at: "vpcConfig.securityGroupIds",
                "have length less than or equal to \(maxSecurityGroups)")
        }
        if vpc.isEmpty { return }
        guard !vpc.subnetIds.isEmpty, !vpc.securityGroupIds.isEmpty else {
            throw LambError.invalidParameter(
                "VpcConfig needs at least one subnet and one security group (or neither, to take the function out "
                    + "of its VPC).")
        }
        for id in vpc.subnetIds where !isEC2Id(id, prefix: "subnet-") {
            throw LambError.invalidParameter(
                "The subnet ID '\(id)' is not valid: EC2 subnet IDs are subnet- followed by 8 or 17 hexadecimal digits."
            )
        }
        for id in vpc.securityGroupIds where !isEC2Id(id, prefix: "sg-") {
            throw LambError.invalidParameter(
                "The security group ID '\(id)' is not valid: EC2 security group IDs are sg- followed by 8 or 17 "
                    + "hexadecimal digits.")
        }
    }

    /// `subnet-0123abcd`, `sg-0123456789abcdef0`: the prefix, then 8 (older resources) or 17 lowercase hex digits.
    static func isEC2Id(_ id: String, prefix: String) -> Bool {
        guard id.hasPrefix(prefix) else { return false }
        let digits = id.dropFirst(prefix.count)
        return (digits.count == 8 || digits.count == 17)
            && digits.unicodeScalars.allSatisfy { $0.isASCIIDigit || ("a"..."f").contains($0) }
    }

    static func validateFileSystems(_ configs: [FileSystemSettings], vpc: VpcSettings?) throws {
        if configs.count > maxFileSystems {
            throw modelViolation(
                "\(configs.count) file systems", at: "fileSystemConfigs",
                "have length less than or equal to \(maxFileSystems)")
        }
        for (index, config) in configs.enumerated() {
            let path = "fileSystemConfigs.\(index + 1).member"
            if config.arn.utf8.count > 256 || !ARNPatterns.matchesAccessPoint(config.arn) {
                throw modelViolation(
                    config.arn, at: "\(path).arn", "satisfy regular expression pattern: \(ARNPatterns.accessPointText)")
            }
            if config.localMountPath.utf8.count > maxMountPathLength {
                throw modelViolation(
                    config.localMountPath, at: "\(path).localMountPath",
                    "have length less than or equal to \(maxMountPathLength)")
            }
            if !isMountPath(config.localMountPath) {
                throw modelViolation(
                    config.localMountPath, at: "\(path).localMountPath",
                    "satisfy regular expression pattern: /mnt/[a-zA-Z0-9-_.]+")
            }
            if config.arn.contains(":elasticfilesystem:") && (vpc?.isEmpty ?? true) {
                throw LambError.invalidParameter(
                    "A function must be connected to a VPC (VpcConfig) to mount an EFS file system: \(config.arn)")
            }
        }
    }

    /// `/mnt/` and one name of letters, digits, `-`, `_` and `.`.
    static func isMountPath(_ path: String) -> Bool {
        guard path.hasPrefix("/mnt/") else { return false }
        let name = path.dropFirst(5)
        return !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" || $0 == "_" || $0 == "."
            }
    }

    /// The model's limits; then, for a .zip function, anything it would override is refused.
    static func validateImage(_ image: ImageSettings, isImage: Bool) throws {
        for (name, values) in [("entryPoint", image.entryPoint), ("command", image.command)] {
            if let values, values.count > maxImageListCount {
                throw modelViolation(
                    "\(values.count) values", at: "imageConfig.\(name)",
                    "have length less than or equal to \(maxImageListCount)")
            }
        }
        if let directory = image.workingDirectory, directory.count > maxWorkingDirectoryLength {
            throw modelViolation(
                directory, at: "imageConfig.workingDirectory",
                "have length less than or equal to \(maxWorkingDirectoryLength)")
        }
        if !isImage && !image.isEmpty {
            throw LambError.invalidParameter(
                "ImageConfig applies to functions with PackageType Image only; this function's package type is Zip.")
        }
    }

    /// An image brings its own runtime, handler and files: Lambda refuses them for image functions, on create and
    /// on update alike (empty values included).
    static func refuseZipOnlySettings(_ patch: FunctionSettingsPatch) throws {
        if patch.runtime != nil || patch.handler != nil || patch.layers.map({ !$0.isEmpty }) == true {
            throw LambError.invalidParameter(
                "Please don't provide Handler or Runtime or Layer when the intended function PackageType is Image.")
        }
    }

    static func modelViolation(_ value: String, at member: String, _ constraint: String) -> LambError {
        LambError.invalidParameter(
            "1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: Member must "
                + constraint)
    }

    static func list(_ values: [String]) -> String { "[" + values.joined(separator: ", ") + "]" }
}

/// ARN patterns of Lambda's API model that more than one member uses.
public enum ARNPatterns {
    /// `KMSKeyArn` and `DeadLetterConfig.TargetArn`: empty, or `arn:`, a partition starting with `aws` (or none), a
    /// service of lowercase letters, digits, `-` and `.`, then anything.
    public static let looseText = "(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()"

    public static func matchesLoose(_ arn: String) -> Bool {
        if arn.isEmpty { return true }
        let parts = arn.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "arn", parts[1].isEmpty || parts[1].hasPrefix("aws"),
            !parts[2].isEmpty
        else { return false }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-.")
        return parts[2].allSatisfy { allowed.contains($0) }
    }

    /// `FileSystemConfig.Arn`: an EFS access point, or an access point of an S3 Files file system.
    public static let accessPointText =
        "arn:aws[a-zA-Z-]*:elasticfilesystem:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:\\d{12}:access-point/"
        + "fsap-[a-f0-9]{17}$|^arn:aws[-a-z]*:s3files:[0-9a-z-:]+:file-system/fs-[0-9a-f]{17,40}/access-point/"
        + "fsap-[0-9a-f]{17,40}"

    public static func matchesAccessPoint(_ arn: String) -> Bool {
        let range = NSRange(arn.startIndex..., in: arn)
        return accessPoint.firstMatch(in: arn, options: [], range: range) != nil
    }

    // Built once from a constant known to compile.
    private static let accessPoint = try! NSRegularExpression(pattern: "^(?:" + accessPointText + ")$")
}
