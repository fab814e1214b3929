import LambCore

/// CloudFormation's pseudo parameters (`AWS::Region`, `AWS::AccountId`, ...), from the context a template is loaded
/// in. `AWS::NoValue` is not here: it is not a value but the removal of one (``IntrinsicResolver`` handles it).
struct PseudoParameters: Sendable {
    let context: TemplateContext

    static let noValue = "AWS::NoValue"

    var region: String { context.account.region }
    var accountId: String { context.account.accountId }

    /// `aws`, or `aws-cn` / `aws-us-gov` for the regions of those partitions.
    var partition: String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }

    var urlSuffix: String { region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com" }

    /// A stack id shaped like CloudFormation's; the id part is derived from the stack's name so that it is the same
    /// at every load (functions that log it do not change between reloads).
    var stackId: String {
        let digest = SHA256.hash(Array(context.stackName.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
        let id = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(digest.dropFirst(range.lowerBound).prefix(range.count))
        }.joined(separator: "-")
        return "arn:\(partition):cloudformation:\(region):\(accountId):stack/\(context.stackName)/\(id)"
    }

    /// The value of pseudo parameter `name`, or nil when `name` is not one.
    func value(_ name: String) -> TemplateValue? {
        switch name {
        case "AWS::Region": .string(region)
        case "AWS::AccountId": .string(accountId)
        case "AWS::StackName": .string(context.stackName)
        case "AWS::StackId": .string(stackId)
        case "AWS::Partition": .string(partition)
        case "AWS::URLSuffix": .string(urlSuffix)
        // A local stack has no SNS topics to notify.
        case "AWS::NotificationARNs": .list([])
        default: nil
        }
    }

    /// Whether `name` is a pseudo parameter (including `AWS::NoValue`).
    func isPseudoParameter(_ name: String) -> Bool { name == Self.noValue || value(name) != nil }
}
