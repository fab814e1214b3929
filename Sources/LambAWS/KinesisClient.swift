import Foundation
import LambCore

/// The Kinesis Data Streams operations a mapping's poller needs (JSON 1.1, `Kinesis_20131202.*`).
public struct KinesisClient: Sendable {
    let client: AWSJSONClient

    public init(endpoint: URL, region: String, credentials: AWSCredentials?) {
        client = AWSJSONClient(
            endpoint: endpoint, region: region, service: "kinesis", targetPrefix: "Kinesis_20131202",
            contentType: "application/x-amz-json-1.1", credentials: credentials)
    }

    /// Every shard of the stream, open and closed (ListShards, following its pages).
    public func shards(streamArn: String) async throws -> [StreamShard] {
        struct Input: Encodable {
            var StreamARN: String?
            var NextToken: String?
        }
        struct Output: Decodable {
            var Shards: [StreamShard]?
            var NextToken: String?
        }
        var shards: [StreamShard] = []
        var token: String?
        repeat {
            // A page after the first names only its token (Kinesis refuses both).
            let input = token == nil ? Input(StreamARN: streamArn) : Input(NextToken: token)
            let output = try await client.call("ListShards", input, as: Output.self)
            shards += output.Shards ?? []
            token = output.NextToken
        } while token != nil
        return shards
    }

    public func iterator(streamArn: String, shardId: String, at position: ShardPosition) async throws -> String {
        struct Input: Encodable {
            var StreamARN: String
            var ShardId: String
            var ShardIteratorType: String
            var StartingSequenceNumber: String?
            var Timestamp: Double?
        }
        struct Output: Decodable { var ShardIterator: String }
        var input = Input(StreamARN: streamArn, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON")
        switch position {
        case .trimHorizon: break
        case .latest: input.ShardIteratorType = "LATEST"
        case .atTimestamp(let date):
            input.ShardIteratorType = "AT_TIMESTAMP"
            input.Timestamp = date.timeIntervalSince1970
        case .afterSequenceNumber(let number):
            input.ShardIteratorType = "AFTER_SEQUENCE_NUMBER"
            input.StartingSequenceNumber = number
        }
        return try await client.call("GetShardIterator", input, as: Output.self).ShardIterator
    }

    /// Up to `limit` (1–10,000) records from `iterator`; the next iterator is `nil` at the end of a closed shard.
    public func records(iterator: String, limit: Int, streamArn: String) async throws -> (
        records: [KinesisRecord], next: String?
    ) {
        struct Input: Encodable {
            var ShardIterator: String
            var Limit: Int
            var StreamARN: String
        }
        struct Output: Decodable {
            var Records: [KinesisRecord]?
            var NextShardIterator: String?
        }
        let output = try await client.call(
            "GetRecords", Input(ShardIterator: iterator, Limit: min(max(limit, 1), 10000), StreamARN: streamArn),
            as: Output.self)
        return (output.Records ?? [], output.NextShardIterator)
    }
}

/// A record as GetRecords answers it: `Data` is base64 in JSON.
public struct KinesisRecord: Sendable, Decodable, Equatable {
    public var SequenceNumber: String
    public var PartitionKey: String
    public var Data: String
    public var approximateArrival: Date
    public var EncryptionType: String?

    public init(
        SequenceNumber: String, PartitionKey: String, Data: String, approximateArrival: Date,
        EncryptionType: String? = nil
    ) {
        self.SequenceNumber = SequenceNumber
        self.PartitionKey = PartitionKey
        self.Data = Data
        self.approximateArrival = approximateArrival
        self.EncryptionType = EncryptionType
    }

    enum CodingKeys: String, CodingKey {
        case SequenceNumber, PartitionKey, Data, ApproximateArrivalTimestamp, EncryptionType
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        SequenceNumber = try container.decode(String.self, forKey: .SequenceNumber)
        PartitionKey = try container.decode(String.self, forKey: .PartitionKey)
        Data = try container.decode(String.self, forKey: .Data)
        approximateArrival =
            (try container.decodeIfPresent(AWSTimestamp.self, forKey: .ApproximateArrivalTimestamp))?.date
            ?? Date()
        EncryptionType = try container.decodeIfPresent(String.self, forKey: .EncryptionType)
    }
}
