import Foundation
import LambCore

/// The SQS operations a mapping's poller needs, over SQS's JSON protocol (`AmazonSQS.*`).
public struct SQSClient: Sendable {
    let client: AWSJSONClient

    public init(endpoint: URL, region: String, credentials: AWSCredentials?) {
        client = AWSJSONClient(
            endpoint: endpoint, region: region, service: "sqs", targetPrefix: "AmazonSQS", credentials: credentials)
    }

    public var endpoint: URL { client.endpoint }

    /// The queue's URL from its name and owner (the mapping's ARN).
    public func queueURL(for queue: SQSQueueArn) async throws -> String {
        struct Input: Encodable {
            var QueueName: String
            var QueueOwnerAWSAccountId: String
        }
        struct Output: Decodable { var QueueUrl: String }
        return try await client.call(
            "GetQueueUrl", Input(QueueName: queue.queueName, QueueOwnerAWSAccountId: queue.accountId), as: Output.self
        ).QueueUrl
    }

    /// Creates a queue, or answers the URL of the existing one when it has the same attributes; SQS refuses a
    /// name that exists with other attributes (``AWSServiceError`` `QueueAlreadyExists` / `QueueNameExists`).
    @discardableResult
    public func createQueue(name: String, attributes: [String: String]) async throws -> String {
        struct Input: Encodable {
            var QueueName: String
            var Attributes: [String: String]?
        }
        struct Output: Decodable { var QueueUrl: String }
        return try await client.call(
            "CreateQueue", Input(QueueName: name, Attributes: attributes.isEmpty ? nil : attributes), as: Output.self
        ).QueueUrl
    }

    public func setQueueAttributes(_ queueURL: String, attributes: [String: String]) async throws {
        struct Input: Encodable {
            var QueueUrl: String
            var Attributes: [String: String]
        }
        struct Output: Decodable {}
        _ = try await client.call("SetQueueAttributes", Input(QueueUrl: queueURL, Attributes: attributes), as: Output.self)
    }

    /// The URL of the queue named `name` in the caller's account.
    public func queueURL(named name: String) async throws -> String {
        struct Input: Encodable { var QueueName: String }
        struct Output: Decodable { var QueueUrl: String }
        return try await client.call("GetQueueUrl", Input(QueueName: name), as: Output.self).QueueUrl
    }

    public func queueAttributes(_ queueURL: String, names: [String] = ["All"]) async throws -> [String: String] {
        struct Input: Encodable {
            var QueueUrl: String
            var AttributeNames: [String]
        }
        struct Output: Decodable { var Attributes: [String: String]? }
        return try await client.call("GetQueueAttributes", Input(QueueUrl: queueURL, AttributeNames: names), as: Output.self)
            .Attributes ?? [:]
    }

    /// Long polls for up to `maximum` (1–10) messages with every system and message attribute.
    public func receive(
        _ queueURL: String, maximum: Int, waitSeconds: Int, visibilityTimeout: Int? = nil
    ) async throws -> [SQSMessage] {
        struct Input: Encodable {
            var QueueUrl: String
            var AttributeNames = ["All"]
            var MessageSystemAttributeNames = ["All"]
            var MessageAttributeNames = ["All"]
            var MaxNumberOfMessages: Int
            var WaitTimeSeconds: Int
            var VisibilityTimeout: Int?
        }
        struct Output: Decodable { var Messages: [SQSMessage]? }
        let input = Input(
            QueueUrl: queueURL, MaxNumberOfMessages: min(max(maximum, 1), 10), WaitTimeSeconds: waitSeconds,
            VisibilityTimeout: visibilityTimeout)
        return try await client.call(
            "ReceiveMessage", input, as: Output.self, timeout: .seconds(Int64(waitSeconds) + 15)
        ).Messages ?? []
    }

    /// Sends one message (a destination's record, a dead letter) with string or number attributes; answers its id.
    @discardableResult
    public func sendMessage(_ queueURL: String, body: String, attributes: [String: DeliveryAttribute] = [:])
        async throws -> String
    {
        struct Attribute: Encodable {
            var DataType: String
            var StringValue: String
        }
        struct Input: Encodable {
            var QueueUrl: String
            var MessageBody: String
            var MessageAttributes: [String: Attribute]?
        }
        struct Output: Decodable { var MessageId: String }
        let encoded = attributes.mapValues { Attribute(DataType: $0.dataType, StringValue: $0.value) }
        return try await client.call(
            "SendMessage",
            Input(QueueUrl: queueURL, MessageBody: body, MessageAttributes: encoded.isEmpty ? nil : encoded),
            as: Output.self
        ).MessageId
    }

    /// Deletes messages by receipt handle, ten per call; returns the receipt handles SQS did not delete.
    @discardableResult
    public func deleteBatch(_ queueURL: String, receiptHandles: [String]) async throws -> [String] {
        var failed: [String] = []
        for chunk in stride(from: 0, to: receiptHandles.count, by: 10).map({
            Array(receiptHandles[$0..<min($0 + 10, receiptHandles.count)])
        }) {
            let entries = chunk.enumerated().map { SQSBatchEntry(Id: "m\($0.offset)", ReceiptHandle: $0.element) }
            struct Input: Encodable {
                var QueueUrl: String
                var Entries: [SQSBatchEntry]
            }
            let output = try await client.call(
                "DeleteMessageBatch", Input(QueueUrl: queueURL, Entries: entries), as: SQSBatchOutput.self)
            for failure in output.Failed ?? [] {
                if let index = Int(failure.Id.dropFirst()), chunk.indices.contains(index) { failed.append(chunk[index]) }
            }
        }
        return failed
    }

    /// Makes messages visible again after `seconds` (0: at once), ten per call.
    public func changeVisibility(_ queueURL: String, receiptHandles: [String], seconds: Int) async throws {
        for start in stride(from: 0, to: receiptHandles.count, by: 10) {
            let chunk = receiptHandles[start..<min(start + 10, receiptHandles.count)]
            let entries = chunk.enumerated().map {
                SQSBatchEntry(Id: "m\($0.offset)", ReceiptHandle: $0.element, VisibilityTimeout: seconds)
            }
            struct Input: Encodable {
                var QueueUrl: String
                var Entries: [SQSBatchEntry]
            }
            _ = try await client.call(
                "ChangeMessageVisibilityBatch", Input(QueueUrl: queueURL, Entries: entries), as: SQSBatchOutput.self)
        }
    }
}

struct SQSBatchEntry: Encodable {
    var Id: String
    var ReceiptHandle: String
    var VisibilityTimeout: Int?
}

struct SQSBatchOutput: Decodable {
    struct Failure: Decodable { var Id: String }
    var Failed: [Failure]?
}

/// A message as ReceiveMessage answers it.
public struct SQSMessage: Sendable, Decodable, Equatable {
    public var MessageId: String
    public var ReceiptHandle: String
    public var MD5OfBody: String
    public var Body: String
    public var Attributes: [String: String]?
    public var MD5OfMessageAttributes: String?
    public var MessageAttributes: [String: SQSMessageAttribute]?

    public init(
        MessageId: String, ReceiptHandle: String, MD5OfBody: String, Body: String, Attributes: [String: String]? = nil,
        MD5OfMessageAttributes: String? = nil, MessageAttributes: [String: SQSMessageAttribute]? = nil
    ) {
        self.MessageId = MessageId
        self.ReceiptHandle = ReceiptHandle
        self.MD5OfBody = MD5OfBody
        self.Body = Body
        self.Attributes = Attributes
        self.MD5OfMessageAttributes = MD5OfMessageAttributes
        self.MessageAttributes = MessageAttributes
    }

    /// FIFO queues' messages carry their group.
    public var messageGroupId: String? { Attributes?["MessageGroupId"] }
}

/// A message attribute; binary values travel base64-encoded in JSON, as Lambda passes them on.
public struct SQSMessageAttribute: Sendable, Decodable, Equatable {
    public var StringValue: String?
    public var BinaryValue: String?
    public var StringListValues: [String]?
    public var BinaryListValues: [String]?
    public var DataType: String

    public init(
        StringValue: String? = nil, BinaryValue: String? = nil, StringListValues: [String]? = nil,
        BinaryListValues: [String]? = nil, DataType: String
    ) {
        self.StringValue = StringValue
        self.BinaryValue = BinaryValue
        self.StringListValues = StringListValues
        self.BinaryListValues = BinaryListValues
        self.DataType = DataType
    }
}
