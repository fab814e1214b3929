/// One thing in a template that Lamb does not emulate as AWS would: printed at start-up, one line each, and made
/// fatal by `--strict`.
public struct TemplateFinding: Sendable, Equatable, CustomStringConvertible {
    /// What Lamb does instead.
    public enum Treatment: String, Sendable, Equatable {
        /// Read and then not used (e.g. `VpcConfig`: functions reach the host's network).
        case ignored
        /// Emulated, but not exactly as AWS does (the detail says how).
        case approximated
        /// Supported by a later part of Lamb (API events, schedules, queues): not served yet.
        case notYet = "not yet"
        /// The resource or function could not be created at all (e.g. code on S3).
        case skipped
    }

    /// The resource's logical id (or `Globals`, `Parameters`, ...).
    public var logicalId: String
    /// The property path under the resource, e.g. `Properties.VpcConfig` or `Properties.Events.Api1`.
    public var path: String
    public var treatment: Treatment
    /// A short sentence: what the property is and what Lamb does.
    public var detail: String

    public init(logicalId: String, path: String, treatment: Treatment, detail: String) {
        self.logicalId = logicalId
        self.path = path
        self.treatment = treatment
        self.detail = detail
    }

    /// `HelloFunction Properties.VpcConfig: ignored — functions use the host's network`
    public var description: String { "\(logicalId) \(path): \(treatment.rawValue) — \(detail)" }
}
