/// What an event carries besides the request and its route: the API's settings and the authorizer's verdict.
public struct GatewayEventSettings: Sendable, Equatable {
    /// The stage's variables (`stageVariables`); none gives `null` (1.0) or no key (2.0).
    public var stageVariables: [(String, String)]
    /// A REST API's `BinaryMediaTypes` (see ``BodyEncoding``).
    public var binaryMediaTypes: [String]
    /// `requestContext.authorizer`, when an authorizer ran: for 1.0 its `context` plus `principalId` (and
    /// `integrationLatency`), for 2.0 `{"lambda": {...}}` or `{"jwt": {"claims": ..., "scopes": ...}}`.
    public var authorizer: GatewayJSON?
    /// A function URL's `AuthType`: with `NONE`, Lambda puts `"anonymous"` in `requestContext.accountId`.
    public var functionURLIsAnonymous: Bool

    public init(
        stageVariables: [(String, String)] = [], binaryMediaTypes: [String] = [], authorizer: GatewayJSON? = nil,
        functionURLIsAnonymous: Bool = true
    ) {
        self.stageVariables = stageVariables
        self.binaryMediaTypes = binaryMediaTypes
        self.authorizer = authorizer
        self.functionURLIsAnonymous = functionURLIsAnonymous
    }

    public static func == (lhs: GatewayEventSettings, rhs: GatewayEventSettings) -> Bool {
        lhs.stageVariables.elementsEqual(rhs.stageVariables) { $0 == $1 }
            && lhs.binaryMediaTypes == rhs.binaryMediaTypes
            && lhs.authorizer == rhs.authorizer && lhs.functionURLIsAnonymous == rhs.functionURLIsAnonymous
    }
}
