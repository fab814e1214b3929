import Foundation
import LambAWS
import LambCore

/// A Kinesis stream or a DynamoDB stream behind one face: its shards, iterators, and records as the function gets
/// them.
struct StreamSource: Sendable {
    enum Client: Sendable {
        case kinesis(KinesisClient)
        case dynamodb(DynamoDBStreamsClient)
    }

    let stream: StreamSourceArn
    let client: Client

    init(stream: StreamSourceArn, endpoint: URL, credentials: AWSCredentials?) {
        self.stream = stream
        switch stream.kind {
        case .kinesis:
            client = .kinesis(KinesisClient(endpoint: endpoint, region: stream.region, credentials: credentials))
        case .dynamodb:
            client = .dynamodb(
                DynamoDBStreamsClient(endpoint: endpoint, region: stream.region, credentials: credentials))
        }
    }

    /// The service's name for problems and `--endpoint`.
    var serviceName: String { stream.kind == .kinesis ? "Kinesis" : "DynamoDB Streams" }
    static func endpointKey(_ kind: StreamSourceArn.Kind) -> String {
        kind == .kinesis ? "kinesis" : "dynamodbstreams"
    }

    /// How long to wait after an empty read: Lambda polls a Kinesis shard once a second, a DynamoDB shard four
    /// times a second.
    var pollInterval: Duration { stream.kind == .kinesis ? .seconds(1) : .milliseconds(250) }
    /// The most records one GetRecords returns.
    var readLimit: Int { stream.kind == .kinesis ? 10000 : 1000 }

    func shards() async throws -> [StreamShard] {
        switch client {
        case .kinesis(let kinesis): try await kinesis.shards(streamArn: stream.arn)
        case .dynamodb(let dynamodb): try await dynamodb.shards(streamArn: stream.arn)
        }
    }

    func iterator(_ shardId: String, at position: ShardPosition) async throws -> String {
        switch client {
        case .kinesis(let kinesis): try await kinesis.iterator(streamArn: stream.arn, shardId: shardId, at: position)
        case .dynamodb(let dynamodb):
            try await dynamodb.iterator(streamArn: stream.arn, shardId: shardId, at: position)
        }
    }

    /// Records from `iterator` as event records; the next iterator is `nil` at the end of a closed shard.
    func read(_ iterator: String, limit: Int, shardId: String, role: String) async throws -> (
        records: [StreamEventRecord], next: String?
    ) {
        let limit = min(max(limit, 1), readLimit)
        switch client {
        case .kinesis(let kinesis):
            let (records, next) = try await kinesis.records(iterator: iterator, limit: limit, streamArn: stream.arn)
            return (
                records.map {
                    .kinesis(
                        KinesisEventRecord(
                            $0, shardId: shardId, streamArn: stream.arn, region: stream.region, role: role))
                }, next
            )
        case .dynamodb(let dynamodb):
            let (records, next) = try await dynamodb.records(iterator: iterator, limit: limit)
            return (
                records.map { .dynamodb(DynamoDBEventRecord($0, streamArn: stream.arn, region: stream.region)) }, next
            )
        }
    }
}
