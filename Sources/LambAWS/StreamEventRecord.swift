import Foundation
import LambCore

/// One record of the Kinesis event Lambda passes a function, in Lambda's key order.
public struct KinesisEventRecord: Sendable, Encodable, Equatable {
    public var shardId: String
    public var partitionKey: String
    public var sequenceNumber: String
    /// Base64, as the stream holds it.
    public var data: String
    public var approximateArrival: Date
    public var invokeIdentityArn: String
    public var awsRegion: String
    public var eventSourceARN: String

    public init(_ record: KinesisRecord, shardId: String, streamArn: String, region: String, role: String) {
        self.shardId = shardId
        partitionKey = record.PartitionKey
        sequenceNumber = record.SequenceNumber
        data = record.Data
        approximateArrival = record.approximateArrival
        invokeIdentityArn = role
        awsRegion = region
        eventSourceARN = streamArn
    }

    private struct Kinesis: Encodable {
        var kinesisSchemaVersion = "1.0"
        var partitionKey: String
        var sequenceNumber: String
        var data: String
        var approximateArrivalTimestamp: Double
    }

    enum CodingKeys: String, CodingKey {
        case kinesis, eventSource, eventVersion, eventID, eventName, invokeIdentityArn, awsRegion, eventSourceARN
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // Milliseconds, as Kinesis records arrival.
        let arrival = (approximateArrival.timeIntervalSince1970 * 1000).rounded() / 1000
        try container.encode(
            Kinesis(
                partitionKey: partitionKey, sequenceNumber: sequenceNumber, data: data,
                approximateArrivalTimestamp: arrival), forKey: .kinesis)
        try container.encode("aws:kinesis", forKey: .eventSource)
        try container.encode("1.0", forKey: .eventVersion)
        try container.encode("\(shardId):\(sequenceNumber)", forKey: .eventID)
        try container.encode("aws:kinesis:record", forKey: .eventName)
        try container.encode(invokeIdentityArn, forKey: .invokeIdentityArn)
        try container.encode(awsRegion, forKey: .awsRegion)
        try container.encode(eventSourceARN, forKey: .eventSourceARN)
    }
}

/// One record of the DynamoDB Streams event Lambda passes a function, in Lambda's key order.
public struct DynamoDBEventRecord: Sendable, Encodable, Equatable {
    public var record: DynamoDBStreamRecord
    public var awsRegion: String
    public var eventSourceARN: String

    public init(_ record: DynamoDBStreamRecord, streamArn: String, region: String) {
        self.record = record
        awsRegion = region
        eventSourceARN = streamArn
    }

    private struct Change: Encodable {
        var change: DynamoDBStreamRecord.Change

        enum CodingKeys: String, CodingKey {
            case ApproximateCreationDateTime, Keys, NewImage, OldImage, SequenceNumber, SizeBytes, StreamViewType
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            // Whole seconds since the epoch, as in Lambda's events.
            if let created = change.approximateCreation {
                try container.encode(
                    Int64(created.timeIntervalSince1970.rounded(.down)), forKey: .ApproximateCreationDateTime)
            }
            try container.encodeIfPresent(change.Keys, forKey: .Keys)
            try container.encodeIfPresent(change.NewImage, forKey: .NewImage)
            try container.encodeIfPresent(change.OldImage, forKey: .OldImage)
            try container.encode(change.SequenceNumber, forKey: .SequenceNumber)
            try container.encodeIfPresent(change.SizeBytes, forKey: .SizeBytes)
            try container.encodeIfPresent(change.StreamViewType, forKey: .StreamViewType)
        }
    }

    enum CodingKeys: String, CodingKey {
        case eventID, eventName, eventVersion, eventSource, awsRegion, dynamodb, userIdentity, eventSourceARN
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record.eventID, forKey: .eventID)
        try container.encode(record.eventName, forKey: .eventName)
        try container.encode(record.eventVersion ?? "1.1", forKey: .eventVersion)
        try container.encode("aws:dynamodb", forKey: .eventSource)
        try container.encode(awsRegion, forKey: .awsRegion)
        try container.encode(Change(change: record.dynamodb), forKey: .dynamodb)
        try container.encodeIfPresent(record.userIdentity, forKey: .userIdentity)
        try container.encode(eventSourceARN, forKey: .eventSourceARN)
    }
}

/// A record of either stream, as the poller handles it: in shard order by sequence number.
public enum StreamEventRecord: Sendable, Encodable, Equatable {
    case kinesis(KinesisEventRecord)
    case dynamodb(DynamoDBEventRecord)

    public var sequenceNumber: String {
        switch self {
        case .kinesis(let record): record.sequenceNumber
        case .dynamodb(let record): record.record.dynamodb.SequenceNumber
        }
    }

    /// When the record reached the stream (what `MaximumRecordAgeInSeconds` counts from).
    public var arrival: Date {
        switch self {
        case .kinesis(let record): record.approximateArrival
        case .dynamodb(let record): record.record.dynamodb.approximateCreation ?? Date()
        }
    }

    /// Roughly what the record adds to the event (for the 6 MB payload limit).
    public var approximateBytes: Int {
        switch self {
        case .kinesis(let record): record.data.utf8.count + 400
        case .dynamodb(let record): (record.record.dynamodb.SizeBytes ?? 0) * 2 + 400
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .kinesis(let record): try record.encode(to: encoder)
        case .dynamodb(let record): try record.encode(to: encoder)
        }
    }

    /// The record as filter patterns see it. Kinesis: the `data` key holds the decoded data, parsed when it is JSON
    /// (the only key Lambda filters Kinesis records on); the record's fields stay beside it. DynamoDB: the record as
    /// the function receives it (`dynamodb.NewImage.…`, `eventName`, …).
    public var filterView: JSONValue {
        guard let data = try? JSONEncoder().encode(self),
            case .object(var members)? = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return .null }
        if case .kinesis(let record) = self {
            if let bytes = Data(base64Encoded: record.data), let text = String(data: bytes, encoding: .utf8),
                let parsed = JSONValue.parse(text)
            {
                members["data"] = parsed
            } else {
                members["data"] = .string(record.data)
            }
        }
        return .object(members)
    }
}

/// The event a batch becomes: `{"Records": [...]}`.
public enum StreamEvent {
    public static func payload(_ records: [StreamEventRecord]) throws -> Data {
        struct Event: Encodable { var Records: [StreamEventRecord] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try encoder.encode(Event(Records: records))
    }
}

extension StreamEventRecord {
    /// What Lambda keeps in order when it reads a shard with a `ParallelizationFactor` above 1: a Kinesis record's
    /// partition key, a DynamoDB record's item key.
    public var orderingKey: String {
        switch self {
        case .kinesis(let record): return record.partitionKey
        case .dynamodb(let record):
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return record.record.dynamodb.Keys.flatMap { try? encoder.encode($0) }
                .map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }
}
