import Foundation

/// Where a stream mapping stands in one shard: what a restart of Lamb continues from (Lambda keeps this for its
/// mappings, so a restart does not go back to the starting position).
public struct StreamCheckpoint: Sendable, Equatable {
    public var shardId: String
    /// The last record processed (or given up); reading continues after it.
    public var sequenceNumber: String?
    /// No record processed yet: read what arrived from this moment on (a `LATEST` or `AT_TIMESTAMP` start).
    public var readFrom: Date?
    /// A closed shard read to its end: its children may be read.
    public var finished: Bool

    public init(shardId: String, sequenceNumber: String? = nil, readFrom: Date? = nil, finished: Bool = false) {
        self.shardId = shardId
        self.sequenceNumber = sequenceNumber
        self.readFrom = readFrom
        self.finished = finished
    }
}
