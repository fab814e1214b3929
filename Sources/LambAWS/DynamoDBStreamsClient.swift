import Foundation
import LambCore

/// The DynamoDB Streams operations a mapping's poller needs (JSON 1.0, `DynamoDBStreams_20120810.*`; requests are
/// signed for the `dynamodb` service, as AWS's own clients sign them).
public struct DynamoDBStreamsClient: Sendable {
    let client: AWSJSONClient

    public init(endpoint: URL, region: String, credentials: AWSCredentials?) {
        client = AWSJSONClient(
            endpoint: endpoint, region: region, service: "dynamodb", targetPrefix: "DynamoDBStreams_20120810",
            contentType: "application/x-amz-json-1.0", credentials: credentials)
    }

    /// Every shard of the stream with its parent (DescribeStream, following its pages).
    public func shards(streamArn: String) async throws -> [StreamShard] {
        struct Input: Encodable {
            var StreamArn: String
            var ExclusiveStartShardId: String?
        }
        struct Output: Decodable {
            struct Description: Decodable {
                var Shards: [StreamShard]?
                var LastEvaluatedShardId: String?
            }
            var StreamDescription: Description
        }
        var shards: [StreamShard] = []
        var start: String?
        repeat {
            let output = try await client.call(
                "DescribeStream", Input(StreamArn: streamArn, ExclusiveStartShardId: start), as: Output.self)
            shards += output.StreamDescription.Shards ?? []
            start = output.StreamDescription.LastEvaluatedShardId
        } while start != nil
        return shards
    }

    /// DynamoDB Streams has no AT_TIMESTAMP: the poller asks for `.trimHorizon` and skips what is older.
    public func iterator(streamArn: String, shardId: String, at position: ShardPosition) async throws -> String {
        struct Input: Encodable {
            var StreamArn: String
            var ShardId: String
            var ShardIteratorType: String
            var SequenceNumber: String?
        }
        struct Output: Decodable { var ShardIterator: String }
        var input = Input(StreamArn: streamArn, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON")
        switch position {
        case .trimHorizon, .atTimestamp: break
        case .latest: input.ShardIteratorType = "LATEST"
        case .afterSequenceNumber(let number):
            input.ShardIteratorType = "AFTER_SEQUENCE_NUMBER"
            input.SequenceNumber = number
        }
        return try await client.call("GetShardIterator", input, as: Output.self).ShardIterator
    }

    /// Up to `limit` (1–1,000) records; the next iterator is `nil` at the end of a closed shard.
    public func records(iterator: String, limit: Int) async throws -> (records: [DynamoDBStreamRecord], next: String?) {
        struct Input: Encodable {
            var ShardIterator: String
            var Limit: Int
        }
        struct Output: Decodable {
            var Records: [DynamoDBStreamRecord]?
            var NextShardIterator: String?
        }
        let output = try await client.call(
            "GetRecords", Input(ShardIterator: iterator, Limit: min(max(limit, 1), 1000)), as: Output.self)
        return (output.Records ?? [], output.NextShardIterator)
    }
}

/// A stream record as GetRecords answers it. Item images stay DynamoDB JSON (`{"S": "..."}`), as Lambda passes
/// them on.
public struct DynamoDBStreamRecord: Sendable, Decodable, Equatable {
    public struct Change: Sendable, Decodable, Equatable {
        public var approximateCreation: Date?
        public var Keys: JSONValue?
        public var NewImage: JSONValue?
        public var OldImage: JSONValue?
        public var SequenceNumber: String
        public var SizeBytes: Int?
        public var StreamViewType: String?

        public init(
            approximateCreation: Date?, Keys: JSONValue?, NewImage: JSONValue? = nil, OldImage: JSONValue? = nil,
            SequenceNumber: String, SizeBytes: Int? = nil, StreamViewType: String? = nil
        ) {
            self.approximateCreation = approximateCreation
            self.Keys = Keys
            self.NewImage = NewImage
            self.OldImage = OldImage
            self.SequenceNumber = SequenceNumber
            self.SizeBytes = SizeBytes
            self.StreamViewType = StreamViewType
        }

        enum CodingKeys: String, CodingKey {
            case ApproximateCreationDateTime, Keys, NewImage, OldImage, SequenceNumber, SizeBytes, StreamViewType
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            approximateCreation = try container.decodeIfPresent(
                AWSTimestamp.self, forKey: .ApproximateCreationDateTime)?.date
            Keys = try container.decodeIfPresent(JSONValue.self, forKey: .Keys)
            NewImage = try container.decodeIfPresent(JSONValue.self, forKey: .NewImage)
            OldImage = try container.decodeIfPresent(JSONValue.self, forKey: .OldImage)
            SequenceNumber = try container.decode(String.self, forKey: .SequenceNumber)
            SizeBytes = try container.decodeIfPresent(Int.self, forKey: .SizeBytes)
            StreamViewType = try container.decodeIfPresent(String.self, forKey: .StreamViewType)
        }
    }

    public var eventID: String
    public var eventName: String
    public var eventVersion: String?
    public var dynamodb: Change
    /// TTL deletions name the service that made them.
    public var userIdentity: JSONValue?

    public init(
        eventID: String, eventName: String, eventVersion: String? = "1.1", dynamodb: Change,
        userIdentity: JSONValue? = nil
    ) {
        self.eventID = eventID
        self.eventName = eventName
        self.eventVersion = eventVersion
        self.dynamodb = dynamodb
        self.userIdentity = userIdentity
    }
}
