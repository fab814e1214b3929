/// A function version's runtime management configuration (PutRuntimeManagementConfig): when Lambda moves it to a newer
/// runtime version, or the version it is pinned to. Lamb stores and returns it; it has one runtime version per runtime
/// (the host's interpreter), so nothing is ever pinned or updated.
public struct RuntimeManagementConfig: Codable, Sendable, Equatable {
    public enum UpdateRuntimeOn: String, Codable, Sendable, CaseIterable {
        case auto = "Auto"
        case functionUpdate = "FunctionUpdate"
        case manual = "Manual"
    }

    public var updateRuntimeOn: UpdateRuntimeOn
    /// Only with `Manual`: Lambda answers `null` for the other modes.
    public var runtimeVersionArn: String?

    public init(updateRuntimeOn: UpdateRuntimeOn, runtimeVersionArn: String? = nil) {
        self.updateRuntimeOn = updateRuntimeOn
        self.runtimeVersionArn = updateRuntimeOn == .manual ? runtimeVersionArn : nil
    }

    /// What a function version has until one is put: automatic updates.
    public static let automatic = RuntimeManagementConfig(updateRuntimeOn: .auto)

    static let runtimeVersionArnPattern =
        #"arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\d{1}::runtime:.+"#

    /// The configuration a PutRuntimeManagementConfig request asks for, checked as the model and Lambda check it:
    /// `UpdateRuntimeOn` is required, `RuntimeVersionArn` is required with `Manual` and dropped with the other modes.
    public static func requested(updateRuntimeOn: String?, runtimeVersionArn: String?) throws(LambError)
        -> RuntimeManagementConfig
    {
        var problems = ModelProblems()
        if let raw = updateRuntimeOn {
            if UpdateRuntimeOn(rawValue: raw) == nil {
                problems.notInEnum(raw, "updateRuntimeOn", UpdateRuntimeOn.allCases.map(\.rawValue))
            }
        } else {
            problems.null("updateRuntimeOn")
        }
        if let arn = runtimeVersionArn {
            if arn.count < 26 {
                problems.add(
                    "Value '\(arn)' at 'runtimeVersionArn' failed to satisfy constraint: Member must have length "
                        + "greater than or equal to 26")
            } else if arn.count > 2048 {
                problems.tooLong(arn, "runtimeVersionArn", max: 2048)
            }
            if !ModelProblems.matches(arn, runtimeVersionArnPattern) {
                problems.pattern(arn, "runtimeVersionArn", runtimeVersionArnPattern)
            }
        }
        try problems.check()
        let mode = UpdateRuntimeOn(rawValue: updateRuntimeOn!)!
        if mode == .manual && runtimeVersionArn == nil {
            // Lamb's wording: Lambda's is not on record.
            throw LambError.invalidParameter("RuntimeVersionArn is required when UpdateRuntimeOn is Manual.")
        }
        return RuntimeManagementConfig(updateRuntimeOn: mode, runtimeVersionArn: runtimeVersionArn)
    }
}
