import Foundation
import LambAWS
import Testing

struct StreamLanesTests {
    static func record(key: String, sequence: Int) -> StreamEventRecord {
        .kinesis(
            KinesisEventRecord(
                KinesisRecord(
                    SequenceNumber: String(sequence), PartitionKey: key, Data: "", approximateArrival: Date()),
                shardId: "shardId-000000000000", streamArn: StreamEventTests.kinesisArn, region: "us-east-2",
                role: ""))
    }

    @Test func aKeysRecordsShareOneLaneInShardOrder() {
        let records = (0..<200).map { Self.record(key: "key-\($0 % 13)", sequence: $0) }
        let lanes = StreamLanes.split(records, factor: 4, batchSize: 10, payloadBudget: 1 << 20)
        #expect(lanes.count <= 4 && lanes.count > 1)
        var laneOfKey: [String: Int] = [:]
        for (index, lane) in lanes.enumerated() {
            let flat = lane.flatMap { $0 }
            let sequences = flat.map { Int($0.sequenceNumber)! }
            #expect(sequences == sequences.sorted())
            #expect(lane.allSatisfy { $0.count <= 10 })
            for record in flat {
                #expect(laneOfKey.updateValue(index, forKey: record.orderingKey) ?? index == index)
            }
        }
        #expect(lanes.flatMap { $0.flatMap { $0 } }.count == 200)
    }

    @Test func oneLaneKeepsTheReadAsBatches() {
        let records = (0..<25).map { Self.record(key: "k\($0)", sequence: $0) }
        let lanes = StreamLanes.split(records, factor: 1, batchSize: 10, payloadBudget: 1 << 20)
        #expect(lanes.map { $0.map(\.count) } == [[10, 10, 5]])
    }

    @Test func batchesStopAtThePayloadBudget() {
        let records = (0..<6).map { Self.record(key: "same", sequence: $0) }
        // Each record counts ~400 bytes: a 1,000-byte budget holds two.
        let lanes = StreamLanes.split(records, factor: 3, batchSize: 10, payloadBudget: 1000)
        #expect(lanes.map { $0.map(\.count) } == [[2, 2, 2]])
    }
}
