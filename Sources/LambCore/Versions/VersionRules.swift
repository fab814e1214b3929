/// The rules of versions and aliases that Lambda checks before anything changes (botocore's `Alias`, `Version`,
/// `AdditionalVersion` and `Weight` shapes, and the service's own refusals).
public enum VersionRules {
    /// `(?!^[0-9]+$)([a-zA-Z0-9-_]+)`, 1 to 128 characters: a name that cannot be mistaken for a version number.
    public static func validateAliasName(_ name: String, field: String = "name") throws(LambError) {
        let valid =
            !name.isEmpty && name.count <= 128
            && name.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" || $0 == "_" }
            && !name.unicodeScalars.allSatisfy(\.isASCIIDigit)
        guard valid else {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(name)' at '\(field)' failed to satisfy constraint: Member must "
                    + "satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)")
        }
    }

    /// `$LATEST` or a version number.
    public static func validateVersion(_ version: String, field: String = "functionVersion") throws(LambError) {
        guard version == "$LATEST" || isVersionNumber(version) else {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(version)' at '\(field)' failed to satisfy constraint: Member "
                    + "must satisfy regular expression pattern: (\\$LATEST|[0-9]+)")
        }
    }

    public static func isVersionNumber(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 1024 && s.unicodeScalars.allSatisfy(\.isASCIIDigit)
    }

    /// Checks `RoutingConfig.AdditionalVersionWeights` of an alias pointing at `primary`: at most one additional
    /// version, a published one other than the primary (which must be published too), weighing 0.0 to 1.0.
    public static func validateRouting(primary: String, weights: [String: Double]) throws(LambError) {
        guard !weights.isEmpty else { return }
        guard weights.count == 1 else {
            throw LambError.invalidParameter("Number of items in AdditionalVersionWeights cannot be greater than 1")
        }
        for (version, weight) in weights {
            guard isVersionNumber(version) else {
                throw LambError.invalidParameter(
                    "1 validation error detected: Value '\(version)' at 'routingConfig.additionalVersionWeights' "
                        + "failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy "
                        + "regular expression pattern: [0-9]+]")
            }
            guard weight >= 0, weight <= 1 else {
                throw LambError.invalidParameter(
                    "1 validation error detected: Value '{\(version)=\(weight)}' at "
                        + "'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must "
                        + "satisfy constraint: [Member must have value less than or equal to 1.0, Member must have "
                        + "value greater than or equal to 0.0]")
            }
            guard version != primary else {
                throw LambError.invalidParameter(
                    "Invalid function version \(version). Function version \(version) is already included in "
                        + "routing configuration.")
            }
        }
        guard primary != "$LATEST" else {
            throw LambError.invalidParameter(
                "$LATEST is not supported for an alias pointing to more than 1 version")
        }
    }
}
