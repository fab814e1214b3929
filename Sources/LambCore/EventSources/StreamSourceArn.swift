/// A stream a mapping reads: a Kinesis data stream (`arn:aws:kinesis:<region>:<account>:stream/<name>`) or a
/// DynamoDB table's stream (`arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>`).
public struct StreamSourceArn: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case kinesis, dynamodb
    }

    public var kind: Kind
    public var partition: String
    public var region: String
    public var accountId: String
    /// The stream's name (Kinesis) or the table's (DynamoDB).
    public var name: String
    /// DynamoDB only: the stream's label (when it was made).
    public var label: String?
    /// The ARN as the mapping names it.
    public var arn: String

    public init?(_ arn: String) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "arn", !parts[3].isEmpty, !parts[4].isEmpty else { return nil }
        let resource = parts[5].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch parts[2] {
        case "kinesis":
            // A consumer's ARN (`stream/S/consumer/C:...`, enhanced fan-out) is not a stream Lamb reads.
            guard resource.count == 2, resource[0] == "stream", !resource[1].isEmpty else { return nil }
            kind = .kinesis
            name = resource[1]
            label = nil
        case "dynamodb":
            // The label is a timestamp (with colons, kept by the split above): what follows `stream/`.
            guard resource.count >= 4, resource[0] == "table", !resource[1].isEmpty, resource[2] == "stream" else {
                return nil
            }
            let rest = resource[3...].joined(separator: "/")
            guard !rest.isEmpty else { return nil }
            kind = .dynamodb
            name = resource[1]
            label = rest
        default:
            return nil
        }
        partition = parts[1]
        region = parts[3]
        accountId = parts[4]
        self.arn = arn
    }
}
