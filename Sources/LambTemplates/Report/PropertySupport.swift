/// How Lamb treats one property of a resource type, one event type, or one resource type: a row of
/// ``PropertyCatalog``, from which both the load's findings and the documentation are made.
public struct PropertySupport: Sendable, Equatable {
    public enum Level: String, Sendable, Equatable, CaseIterable {
        /// Used as AWS uses it.
        case handled
        /// Read and accepted without a finding: it has no meaning for a local stack (`RetentionPolicy`).
        case accepted
        /// Used, but not exactly as AWS does (the detail says how).
        case approximated
        /// Read and then not used.
        case ignored
        /// Supported by a later part of Lamb (the HTTP gateway, schedules, event-source mappings).
        case notYet = "not yet"
        /// The resource (or the function carrying it) is not created at all.
        case skipped
    }

    /// `AWS::Serverless::Function`, ...
    public var resourceType: String
    /// `VpcConfig`, `Events.Api`; empty for a row about the resource type itself.
    public var property: String
    public var level: Level
    /// A short sentence: what Lamb does with it.
    public var detail: String

    public init(resourceType: String, property: String, level: Level, detail: String) {
        self.resourceType = resourceType
        self.property = property
        self.level = level
        self.detail = detail
    }

    /// The finding a template using it gets, or nil when Lamb supports it as AWS does.
    var treatment: TemplateFinding.Treatment? {
        switch level {
        case .handled, .accepted: nil
        case .approximated: .approximated
        case .ignored: .ignored
        case .notYet: .notYet
        case .skipped: .skipped
        }
    }
}
