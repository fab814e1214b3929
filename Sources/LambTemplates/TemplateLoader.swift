import LambCore

/// What a template is resolved against: the pseudo parameters and the user's `--parameter-overrides`.
public struct TemplateContext: Sendable, Equatable {
    /// Region and account id (`AWS::Region`, `AWS::AccountId`, and every ARN Lamb builds).
    public var account: AccountContext
    /// `AWS::StackName`.
    public var stackName: String
    /// `--parameter-overrides Key=Value`: win over the template's `Default`s.
    public var parameterOverrides: [String: String]

    public init(account: AccountContext, stackName: String, parameterOverrides: [String: String] = [:]) {
        self.account = account
        self.stackName = stackName
        self.parameterOverrides = parameterOverrides
    }
}

/// Loads a SAM or CloudFormation template into a ``LoadedStack``.
public struct TemplateLoader: Sendable {
    public var context: TemplateContext

    public init(context: TemplateContext) {
        self.context = context
    }

    /// Reads, parses and resolves the template at `path`.
    ///
    /// - Parameter knownReferences: logical id → the value `Ref` gives, for resources whose physical id exists only
    ///   once Lamb has created them (a layer version's ARN carries its version number). Without an entry Lamb
    ///   predicts the value (version 1).
    public func load(path: String, knownReferences: [String: String] = [:]) throws(TemplateError) -> LoadedStack {
        fatalError("not yet written")
    }
}
