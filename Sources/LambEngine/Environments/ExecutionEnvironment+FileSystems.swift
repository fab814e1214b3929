import LambCore

extension ExecutionEnvironment {
    /// The function's `FileSystemConfigs` that `--efs-map` maps to a local directory, as read-write binds at their
    /// `LocalMountPath`. An access point with no directory is left out: its mount path does not exist inside, and
    /// Lamb said so when the configuration was stored (see ``FileSystemMappings/unmapped(_:in:)``).
    static func mountedFileSystems(_ definition: FunctionDefinition, _ directories: [String: String]) -> [HostBind] {
        (definition.settings.fileSystemConfigs ?? []).compactMap { config in
            directories[config.arn].map { HostBind(host: $0, inside: config.localMountPath, writable: true) }
        }
    }
}

/// `--efs-map ARN=DIR`: which EFS access points a local directory stands for.
public enum FileSystemMappings {
    /// Parses `ARN=DIR`; the ARN must be an access point's (as `FileSystemConfigs.Arn` must).
    public static func parse(_ entry: String) throws -> (arn: String, directory: String) {
        guard let equals = entry.firstIndex(of: "="),
            entry[..<equals].hasPrefix("arn:aws:elasticfilesystem:"), entry[..<equals].contains(":access-point/")
        else {
            throw LambError.invalidParameter(
                "--efs-map takes ACCESS-POINT-ARN=DIR, e.g. "
                    + "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0=./efs: \(entry)")
        }
        return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
    }

    /// The access points of `configs` that no directory stands for.
    public static func unmapped(_ configs: [FileSystemSettings]?, in directories: [String: String]) -> [String] {
        (configs ?? []).map(\.arn).filter { directories[$0] == nil }
    }
}
