/// The region and account Lamb pretends to be; ARNs are built from it.
public struct AccountContext: Sendable, Equatable {
    public var region: String
    public var accountId: String

    public init(region: String = "us-east-1", accountId: String = "000000000000") {
        self.region = region
        self.accountId = accountId
    }

    /// `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`
    public func functionArn(_ name: String, qualifier: String? = nil) -> String {
        let base = "arn:aws:lambda:\(region):\(accountId):function:\(name)"
        guard let qualifier else { return base }
        return "\(base):\(qualifier)"
    }

    /// The log group Lambda writes a function's logs to by default.
    public func logGroupName(_ function: String) -> String { "/aws/lambda/\(function)" }
}
