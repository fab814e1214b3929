/// `arn:aws:sqs:<region>:<account>:<queue name>`: what an SQS mapping names, and how its queue is found.
public struct SQSQueueArn: Sendable, Equatable {
    public var partition: String
    public var region: String
    public var accountId: String
    public var queueName: String

    public init?(_ arn: String) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "sqs", !parts[3].isEmpty, !parts[4].isEmpty,
            !parts[5].isEmpty, !parts[5].contains(":")
        else { return nil }
        partition = parts[1]
        region = parts[3]
        accountId = parts[4]
        queueName = parts[5]
    }

    /// FIFO queues' names end in `.fifo`.
    public var isFIFO: Bool { queueName.hasSuffix(".fifo") }
}
