import Foundation
import LambCore

/// One record of the SQS event Lambda passes a function, in Lambda's key order and casing.
public struct SQSEventRecord: Sendable, Encodable, Equatable {
    public struct MessageAttribute: Sendable, Encodable, Equatable {
        var stringValue: String?
        var binaryValue: String?
        var stringListValues: [String]
        var binaryListValues: [String]
        var dataType: String

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(stringValue, forKey: .stringValue)
            try container.encodeIfPresent(binaryValue, forKey: .binaryValue)
            try container.encode(stringListValues, forKey: .stringListValues)
            try container.encode(binaryListValues, forKey: .binaryListValues)
            try container.encode(dataType, forKey: .dataType)
        }

        enum CodingKeys: String, CodingKey {
            case stringValue, binaryValue, stringListValues, binaryListValues, dataType
        }
    }

    public var messageId: String
    public var receiptHandle: String
    public var body: String
    public var attributes: [String: String]
    public var messageAttributes: [String: MessageAttribute]
    public var md5OfMessageAttributes: String?
    public var md5OfBody: String
    public var eventSource = "aws:sqs"
    public var eventSourceARN: String
    public var awsRegion: String

    public init(_ message: SQSMessage, eventSourceArn: String, region: String) {
        messageId = message.MessageId
        receiptHandle = message.ReceiptHandle
        body = message.Body
        attributes = message.Attributes ?? [:]
        messageAttributes = (message.MessageAttributes ?? [:]).mapValues {
            MessageAttribute(
                stringValue: $0.StringValue, binaryValue: $0.BinaryValue, stringListValues: $0.StringListValues ?? [],
                binaryListValues: $0.BinaryListValues ?? [], dataType: $0.DataType)
        }
        md5OfMessageAttributes = message.MD5OfMessageAttributes
        md5OfBody = message.MD5OfBody
        eventSourceARN = eventSourceArn
        awsRegion = region
    }

    enum CodingKeys: String, CodingKey {
        case messageId, receiptHandle, body, attributes, messageAttributes, md5OfMessageAttributes, md5OfBody
        case eventSource, eventSourceARN, awsRegion
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(messageId, forKey: .messageId)
        try container.encode(receiptHandle, forKey: .receiptHandle)
        try container.encode(body, forKey: .body)
        try container.encode(attributes, forKey: .attributes)
        try container.encode(messageAttributes, forKey: .messageAttributes)
        try container.encodeIfPresent(md5OfMessageAttributes, forKey: .md5OfMessageAttributes)
        try container.encode(md5OfBody, forKey: .md5OfBody)
        try container.encode(eventSource, forKey: .eventSource)
        try container.encode(eventSourceARN, forKey: .eventSourceARN)
        try container.encode(awsRegion, forKey: .awsRegion)
    }

    /// The record as filter patterns see it: the body parsed when it is JSON, a string otherwise.
    public var filterView: JSONValue {
        let encoder = JSONEncoder()
        guard let data = try? encoder.encode(self),
            case .object(var members)? = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return .null }
        if let parsed = JSONValue.parse(body) { members["body"] = parsed }
        return .object(members)
    }
}

/// The event a batch becomes: `{"Records": [...]}`.
public enum SQSEvent {
    public static func payload(_ records: [SQSEventRecord]) throws -> Data {
        struct Event: Encodable { var Records: [SQSEventRecord] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try encoder.encode(Event(Records: records))
    }
}
