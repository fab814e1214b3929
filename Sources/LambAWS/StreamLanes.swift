/// How a shard's records are spread when a mapping's `ParallelizationFactor` is above 1: into that many lanes by a
/// hash of each record's ordering key (so one key's records always share a lane, in shard order), each lane cut into
/// batches of at most `batchSize` records and `payloadBudget` bytes. Lanes run side by side; a lane's batches one
/// after the other.
public enum StreamLanes {
    public static func split(
        _ records: [StreamEventRecord], factor: Int, batchSize: Int, payloadBudget: Int
    ) -> [[[StreamEventRecord]]] {
        let laneCount = max(factor, 1)
        var lanes = Array(repeating: [StreamEventRecord](), count: laneCount)
        for record in records { lanes[lane(of: record.orderingKey, count: laneCount)].append(record) }
        return lanes.filter { !$0.isEmpty }.map { batches(of: $0, batchSize: batchSize, payloadBudget: payloadBudget) }
    }

    /// FNV-1a of the key: stable across runs (Swift's own hashing is seeded per process), so a key keeps its lane
    /// after a restart.
    static func lane(of key: String, count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(hash % UInt64(count))
    }

    static func batches(of records: [StreamEventRecord], batchSize: Int, payloadBudget: Int) -> [[StreamEventRecord]] {
        var batches: [[StreamEventRecord]] = []
        var current: [StreamEventRecord] = []
        var bytes = 0
        for record in records {
            if !current.isEmpty && (current.count >= batchSize || bytes + record.approximateBytes > payloadBudget) {
                batches.append(current)
                current = []
                bytes = 0
            }
            current.append(record)
            bytes += record.approximateBytes
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}
