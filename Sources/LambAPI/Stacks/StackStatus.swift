import LambTemplates

/// What `lamb serve` made of one template: shown as the start-up table, and served at `/_lamb/v1/stacks` so that
/// `lamb invoke HelloFunction` can find a function by its logical id.
public struct StackStatus: Sendable, Encodable {
    public var stackName: String
    public var template: String
    public var functions: [StackFunctionStatus]
    public var findings: [String]
}

/// One function of a template, as it was last synchronised.
public struct StackFunctionStatus: Sendable, Encodable {
    public var logicalId: String
    public var name: String
    public var runtime: String
    public var memorySize: Int
    /// The directory the code comes from (source, or `.aws-sam/build/<LogicalId>`), or how it is given otherwise.
    public var code: String
    /// `Name (Type)` per event.
    public var events: [String]
    /// Why the function is not served (a failed build, code on S3), or nil when it is.
    public var error: String?
}
