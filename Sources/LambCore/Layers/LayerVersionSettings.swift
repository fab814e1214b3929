/// What PublishLayerVersion says about a new version apart from its content, validated like Lambda validates it.
public struct LayerVersionSettings: Sendable, Equatable {
    public var description: String = ""
    public var compatibleRuntimes: [String] = []
    public var compatibleArchitectures: [String] = []
    public var licenseInfo: String?

    public init(
        description: String = "", compatibleRuntimes: [String] = [], compatibleArchitectures: [String] = [],
        licenseInfo: String? = nil
    ) {
        self.description = description
        self.compatibleRuntimes = compatibleRuntimes
        self.compatibleArchitectures = compatibleArchitectures
        self.licenseInfo = licenseInfo
    }

    /// Throws `InvalidParameterValueException` for the first value the botocore model's constraints refuse.
    public func validate() throws(LambError) {
        if description.count > Quotas.descriptionLength {
            throw constraint("description", description, "Member must have length less than or equal to 256")
        }
        if let licenseInfo, licenseInfo.count > Quotas.layerLicenseInfoLength {
            throw constraint("licenseInfo", licenseInfo, "Member must have length less than or equal to 512")
        }
        if compatibleRuntimes.count > Quotas.layerCompatibleRuntimes {
            throw constraint(
                "compatibleRuntimes", "[\(compatibleRuntimes.joined(separator: ", "))]",
                "Member must have length less than or equal to \(Quotas.layerCompatibleRuntimes)")
        }
        for runtime in compatibleRuntimes where !LambdaRuntimeNames.all.contains(runtime) {
            throw constraint(
                "compatibleRuntimes", "[\(compatibleRuntimes.joined(separator: ", "))]",
                "Member must satisfy enum value set: [\(LambdaRuntimeNames.all.sorted().joined(separator: ", "))]")
        }
        if compatibleArchitectures.count > 2
            || compatibleArchitectures.contains(where: { !["x86_64", "arm64"].contains($0) })
        {
            throw constraint(
                "compatibleArchitectures", "[\(compatibleArchitectures.joined(separator: ", "))]",
                "Member must have length less than or equal to 2 and satisfy enum value set: [x86_64, arm64]")
        }
    }

    private func constraint(_ member: String, _ value: String, _ rule: String) -> LambError {
        LambError.invalidParameter(
            "1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: \(rule)")
    }
}
