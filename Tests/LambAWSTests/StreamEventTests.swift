import Foundation
import LambAWS
import LambCore
import Testing

struct StreamEventTests {
    static let kinesisArn = "arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream"
    static let arrival = Date(timeIntervalSince1970: 1_545_084_650.987)

    static func kinesisRecord(
        _ text: String, sequence: String = "49590338271490256608559692538361571095921575989136588898"
    )
        -> StreamEventRecord
    {
        .kinesis(
            KinesisEventRecord(
                KinesisRecord(
                    SequenceNumber: sequence, PartitionKey: "1", Data: Data(text.utf8).base64EncodedString(),
                    approximateArrival: arrival),
                shardId: "shardId-000000000006", streamArn: kinesisArn, region: "us-east-2",
                role: "arn:aws:iam::123456789012:role/lambda-role"))
    }

    @Test func kinesisRecordHasLambdasShape() throws {
        let payload = String(
            decoding: try StreamEvent.payload([Self.kinesisRecord("Hello, this is a test.")]), as: UTF8.self)
        let expected = """
            {"Records":[{"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"1",\
            "sequenceNumber":"49590338271490256608559692538361571095921575989136588898",\
            "data":"SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==","approximateArrivalTimestamp":1545084650.987},\
            "eventSource":"aws:kinesis","eventVersion":"1.0",\
            "eventID":"shardId-000000000006:49590338271490256608559692538361571095921575989136588898",\
            "eventName":"aws:kinesis:record","invokeIdentityArn":"arn:aws:iam::123456789012:role/lambda-role",\
            "awsRegion":"us-east-2","eventSourceARN":"arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream"}]}
            """
        // Key order is not compared: JSONEncoder does not keep it on every platform.
        #expect(JSONValue.parse(payload) == JSONValue.parse(expected))
    }

    @Test func dynamoDBRecordHasLambdasShape() throws {
        let json = """
            {"eventID":"c4ca4238a0b923820dcc509a6f75849b","eventName":"MODIFY","eventVersion":"1.1",
             "eventSource":"aws:dynamodb","awsRegion":"us-east-1",
             "dynamodb":{"ApproximateCreationDateTime":1428537600.5,"Keys":{"Id":{"N":"101"}},
               "NewImage":{"Id":{"N":"101"}},"OldImage":{"Id":{"N":"101"}},
               "SequenceNumber":"4421584500000000017450439092","SizeBytes":59,"StreamViewType":"NEW_AND_OLD_IMAGES"}}
            """
        let source = try JSONDecoder().decode(DynamoDBStreamRecord.self, from: Data(json.utf8))
        let arn = "arn:aws:dynamodb:us-east-1:123456789012:table/ExampleTableWithStream/stream/2015-06-27T00:48:05.899"
        let record = StreamEventRecord.dynamodb(DynamoDBEventRecord(source, streamArn: arn, region: "us-west-2"))
        let payload = String(decoding: try StreamEvent.payload([record]), as: UTF8.self)
        let expected = """
            {"Records":[{"eventID":"c4ca4238a0b923820dcc509a6f75849b","eventName":"MODIFY","eventVersion":"1.1",\
            "eventSource":"aws:dynamodb","awsRegion":"us-west-2","dynamodb":{"ApproximateCreationDateTime":1428537600,\
            "Keys":{"Id":{"N":"101"}},"NewImage":{"Id":{"N":"101"}},"OldImage":{"Id":{"N":"101"}},\
            "SequenceNumber":"4421584500000000017450439092","SizeBytes":59,"StreamViewType":"NEW_AND_OLD_IMAGES"},\
            "eventSourceARN":"\(arn)"}]}
            """
        #expect(JSONValue.parse(payload) == JSONValue.parse(expected))
        #expect(record.sequenceNumber == "4421584500000000017450439092")
        #expect(record.filterView["dynamodb"]?["NewImage"]?["Id"]?["N"] == .string("101"))
    }

    @Test func kinesisFiltersSeeDecodedData() throws {
        let pattern = try FilterPattern(#"{"data": {"order": {"type": ["buy"]}}}"#)
        #expect(pattern.matches(Self.kinesisRecord(#"{"order": {"type": "buy"}}"#).filterView))
        #expect(!pattern.matches(Self.kinesisRecord(#"{"order": {"type": "sell"}}"#).filterView))
        #expect(!pattern.matches(Self.kinesisRecord("not json").filterView))
        #expect(try FilterPattern(#"{"partitionKey": ["1"]}"#).matches(Self.kinesisRecord("x").filterView) == false)
        #expect(try FilterPattern(#"{"kinesis": {"partitionKey": ["1"]}}"#).matches(Self.kinesisRecord("x").filterView))
    }

    @Test func batchResponsesCheckpointBeforeTheLowestFailure() {
        let batch: Set<String> = ["100", "200", "300"]
        func outcome(_ text: String) -> StreamBatchOutcome {
            StreamBatchOutcome.fromResponse(Data(text.utf8), sequenceNumbers: batch, reportsItemFailures: true)
        }
        #expect(
            outcome(#"{"batchItemFailures": [{"itemIdentifier": "300"}, {"itemIdentifier": "200"}]}"#)
                == .partial(lowestFailed: "200"))
        #expect(outcome(#"{"batchItemFailures": []}"#) == .succeeded)
        #expect(outcome("null") == .succeeded)
        #expect(outcome("") == .succeeded)
        if case .failed = outcome(#"{"batchItemFailures": [{"itemIdentifier": ""}]}"#) {
        } else {
            Issue.record("an empty itemIdentifier fails the batch")
        }
        if case .failed = outcome(#"{"batchItemFailures": [{"itemIdentifier": "999"}]}"#) {
        } else {
            Issue.record("an unknown itemIdentifier fails the batch")
        }
        #expect(
            StreamBatchOutcome.fromResponse(
                Data(#"{"batchItemFailures": [{"itemIdentifier": "200"}]}"#.utf8), sequenceNumbers: batch,
                reportsItemFailures: false) == .succeeded)
    }

    @Test func failureRecordHasLambdasShape() throws {
        let stream = StreamSourceArn(Self.kinesisArn)!
        let records = [Self.kinesisRecord("a", sequence: "1"), Self.kinesisRecord("b", sequence: "2")]
        let record = StreamFailureRecord(
            records: records, shardId: "shardId-000000000006", stream: stream, requestId: "req",
            functionArn: "arn:aws:lambda:us-east-2:123456789012:function:f", condition: "RetryAttemptsExhausted",
            invocations: 3,
            response: StreamFailureRecord.Response(executedVersion: "$LATEST", functionError: "Unhandled"),
            timestamp: Date(timeIntervalSince1970: 1_573_692_286.021))
        let text = String(decoding: try record.json(), as: UTF8.self)
        let expected = """
            {"requestContext":{"requestId":"req","functionArn":"arn:aws:lambda:us-east-2:123456789012:function:f",\
            "condition":"RetryAttemptsExhausted","approximateInvokeCount":3},\
            "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},\
            "version":"1.0","timestamp":"2019-11-14T00:44:46.021Z",\
            "KinesisBatchInfo":{"shardId":"shardId-000000000006","startSequenceNumber":"1","endSequenceNumber":"2",\
            "approximateArrivalOfFirstRecord":"2018-12-17T22:10:50.987Z",\
            "approximateArrivalOfLastRecord":"2018-12-17T22:10:50.987Z","batchSize":2,\
            "streamArn":"arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream"}}
            """
        #expect(JSONValue.parse(text) == JSONValue.parse(expected))

        let dynamo = StreamSourceArn("arn:aws:dynamodb:us-east-2:1:table/t/stream/2019-11-14T00:04:06.388")!
        let aged = StreamFailureRecord(
            records: records, shardId: "s", stream: dynamo, requestId: "r", functionArn: "f",
            condition: "RecordAgeExceeded", invocations: 0, response: nil, timestamp: Date())
        let json = try #require(JSONValue.parse(String(decoding: try aged.json(), as: UTF8.self)))
        #expect(json["responseContext"] == nil && json["KinesisBatchInfo"] == nil)
        #expect(json["DDBStreamBatchInfo"]?["approximateArrivalOfFirstRecord"] == .string("2018-12-17T22:10:50Z"))
    }

    @Test func childShardsWaitForTheirParents() {
        let shards = [
            StreamShard(ShardId: "p", closed: true), StreamShard(ShardId: "q", closed: true),
            StreamShard(ShardId: "c1", ParentShardId: "p"),
            StreamShard(ShardId: "c2", ParentShardId: "p", AdjacentParentShardId: "q"),
            StreamShard(ShardId: "orphan", ParentShardId: "expired"),
        ]
        #expect(StreamShardOrder.readable(shards, finished: []).map(\.id) == ["p", "q", "orphan"])
        #expect(StreamShardOrder.readable(shards, finished: ["p"]).map(\.id) == ["q", "c1", "orphan"])
        #expect(StreamShardOrder.readable(shards, finished: ["p", "q"]).map(\.id) == ["c1", "c2", "orphan"])
    }
}
