/// The resources a `Ref` or `Fn::GetAtt` may name: those whose condition holds, with Globals merged in, plus what
/// is needed to explain a reference to one that is not there.
struct ResourceTable: Sendable {
    /// Logical id → resource, for the resources that exist.
    let resources: [String: TemplateResource]
    /// Logical id → the false condition that removed it.
    let removed: [String: String]
    /// Values `Ref` gives for resources whose physical id Lamb assigns when it creates them (layer versions).
    let knownReferences: [String: String]

    init(kept: [TemplateResource], removed: [String: String], knownReferences: [String: String]) {
        self.resources = Dictionary(kept.map { ($0.logicalId, $0) }, uniquingKeysWith: { first, _ in first })
        self.removed = removed
        self.knownReferences = knownReferences
    }

    subscript(logicalId: String) -> TemplateResource? { resources[logicalId] }
}

/// The resource types Lamb creates, as far as references to them are concerned.
enum LambdaResourceType {
    static let serverlessFunction = "AWS::Serverless::Function"
    static let function = "AWS::Lambda::Function"
    static let serverlessLayer = "AWS::Serverless::LayerVersion"
    static let layer = "AWS::Lambda::LayerVersion"
    static let version = "AWS::Lambda::Version"
    static let alias = "AWS::Lambda::Alias"
    static let eventInvokeConfig = "AWS::Lambda::EventInvokeConfig"
    static let permission = "AWS::Lambda::Permission"
    static let eventSourceMapping = "AWS::Lambda::EventSourceMapping"

    static func isFunction(_ type: String) -> Bool { type == serverlessFunction || type == function }
    static func isLayer(_ type: String) -> Bool { type == serverlessLayer || type == layer }
}
