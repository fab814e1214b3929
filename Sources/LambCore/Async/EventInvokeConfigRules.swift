/// Lambda's checks on an event invoke config, with Lambda's wording where it is known.
///
/// The function being configured and a way to ask whether a function exists are injected, so the rules stay pure.
public struct EventInvokeConfigRules: Sendable {
    /// The function whose config is being set: it may not be its own destination.
    public var function: String
    /// Whether a function of this name exists (a Lambda destination must).
    public var functionExists: @Sendable (String) -> Bool

    public init(function: String, functionExists: @escaping @Sendable (String) -> Bool) {
        self.function = function
        self.functionExists = functionExists
    }

    /// Throws `InvalidParameterValueException` for the first value Lambda would refuse.
    public func validate(_ patch: EventInvokeConfigPatch) throws(LambError) {
        if patch.isEmpty {
            throw LambError.invalidParameter("You must specify at least one of error handling or destination setting.")
        }
        if let v = patch.maximumRetryAttempts {
            try Self.checkRange("maximumRetryAttempts", v, EventInvokeConfig.retryAttemptsRange)
        }
        if let v = patch.maximumEventAgeInSeconds {
            try Self.checkRange("maximumEventAgeInSeconds", v, EventInvokeConfig.eventAgeRange)
        }
        for (member, arn) in [("onSuccess", patch.onSuccess), ("onFailure", patch.onFailure)] {
            guard let arn, !DestinationTarget.matchesModelPattern(arn) else { continue }
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(arn)' at 'destinationConfig.\(member).destination' failed to "
                    + "satisfy constraint: Member must satisfy regular expression pattern: "
                    + DestinationTarget.modelPatternText)
        }
        var supported = true
        for (arn, onFailure) in [(patch.onSuccess, false), (patch.onFailure, true)] {
            guard let arn, !arn.isEmpty else { continue }
            switch DestinationTarget.parse(arn) {
            case .function(let reference):
                if reference.name == function {
                    throw LambError.invalidParameter("You can't specify the function as a destination for itself.")
                }
                if !functionExists(reference.name) {
                    throw LambError.invalidParameter("The destination ARN \(arn) is invalid.")
                }
            case .sink(.s3):
                // S3 buckets take failure records only.
                supported = supported && onFailure
            case .sink:
                break
            case nil:
                supported = false
            }
        }
        if !supported {
            let success = patch.onSuccess.flatMap { $0.isEmpty ? nil : "OnSuccess(destination=\($0))" } ?? "null"
            let failure = patch.onFailure.flatMap { $0.isEmpty ? nil : "OnFailure(destination=\($0))" } ?? "null"
            throw LambError.invalidParameter(
                "The provided destination config DestinationConfig(onSuccess=\(success), onFailure=\(failure)) is "
                    + "invalid.")
        }
    }

    static func checkRange(_ member: String, _ value: Int, _ range: ClosedRange<Int>) throws(LambError) {
        let bound =
            value < range.lowerBound
            ? "greater than or equal to \(range.lowerBound)"
            : value > range.upperBound ? "less than or equal to \(range.upperBound)" : nil
        guard let bound else { return }
        throw LambError.invalidParameter(
            "1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: Member must "
                + "have value \(bound)")
    }
}
