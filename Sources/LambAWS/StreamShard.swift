import Foundation
import LambCore

/// A shard of a Kinesis stream or a DynamoDB stream, as ListShards and DescribeStream describe it.
public struct StreamShard: Sendable, Equatable, Decodable {
    public struct SequenceRange: Sendable, Equatable, Decodable {
        public var StartingSequenceNumber: String?
        /// Set once the shard is closed (resharded, or DynamoDB's periodic rollover): no record comes after it.
        public var EndingSequenceNumber: String?
    }

    public var ShardId: String
    public var ParentShardId: String?
    public var AdjacentParentShardId: String?
    public var SequenceNumberRange: SequenceRange?

    public init(
        ShardId: String, ParentShardId: String? = nil, AdjacentParentShardId: String? = nil, closed: Bool = false
    ) {
        self.ShardId = ShardId
        self.ParentShardId = ParentShardId
        self.AdjacentParentShardId = AdjacentParentShardId
        SequenceNumberRange = SequenceRange(StartingSequenceNumber: "0", EndingSequenceNumber: closed ? "1" : nil)
    }

    public var id: String { ShardId }
    public var isClosed: Bool { SequenceNumberRange?.EndingSequenceNumber != nil }
    public var parents: [String] { [ParentShardId, AdjacentParentShardId].compactMap { $0 } }
}

/// Which shards may be read now: a child only once its parents are finished (or gone from the stream: expired),
/// so that records of one key stay in order across a reshard or a DynamoDB shard rollover.
public enum StreamShardOrder {
    public static func readable(_ shards: [StreamShard], finished: Set<String>) -> [StreamShard] {
        let known = Set(shards.map(\.id))
        return shards.filter { shard in
            !finished.contains(shard.id)
                && shard.parents.allSatisfy { !known.contains($0) || finished.contains($0) }
        }
    }
}

/// Where a shard iterator starts.
public enum ShardPosition: Sendable, Equatable {
    case trimHorizon
    case latest
    case atTimestamp(Date)
    case afterSequenceNumber(String)
}

/// Decodes an AWS JSON timestamp: epoch seconds (what the JSON protocols send), or ISO 8601 text.
struct AWSTimestamp: Decodable, Sendable, Equatable {
    var date: Date

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Double.self) {
            date = Date(timeIntervalSince1970: seconds)
        } else {
            let text = try container.decode(String.self)
            if let seconds = Double(text) {
                date = Date(timeIntervalSince1970: seconds)
            } else if let parsed = try? Date(text, strategy: .iso8601) {
                date = parsed
            } else {
                var fractional = Date.ISO8601FormatStyle()
                fractional = fractional.year().month().day().time(includingFractionalSeconds: true)
                date = (try? fractional.parse(text)) ?? Date(timeIntervalSince1970: 0)
            }
        }
    }
}
