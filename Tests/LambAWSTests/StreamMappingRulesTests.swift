import Foundation
import LambAWS
import LambCore
import Testing

struct StreamMappingRulesTests {
    static let kinesisArn = "arn:aws:kinesis:us-east-1:123456789012:stream/orders"
    static let dynamoArn = "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000"
    static let kinesis = StreamSourceArn(kinesisArn)!
    static let dynamo = StreamSourceArn(dynamoArn)!

    func create(_ patch: EventSourceMappingPatch, stream: StreamSourceArn = kinesis) throws(LambError)
        -> EventSourceMapping
    {
        try EventSourceMappingRules.create(patch, stream: stream, functionName: "f", qualifier: nil, now: Date())
    }

    @Test func streamArns() {
        #expect(Self.kinesis.kind == .kinesis && Self.kinesis.name == "orders" && Self.kinesis.region == "us-east-1")
        #expect(Self.dynamo.kind == .dynamodb && Self.dynamo.name == "Orders")
        #expect(Self.dynamo.label == "2024-01-01T00:00:00.000")
        #expect(StreamSourceArn("arn:aws:dynamodb:us-east-1:123456789012:table/Orders") == nil)
        #expect(StreamSourceArn("arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1") == nil)
        #expect(StreamSourceArn("arn:aws:sqs:us-east-1:123456789012:q") == nil)
        #expect(SQSQueueArn(Self.kinesisArn) == nil)
    }

    @Test func defaultsAreLambdas() throws {
        let mapping = try create(EventSourceMappingPatch(startingPosition: "TRIM_HORIZON"))
        #expect(mapping.batchSize == 100)
        #expect(mapping.maximumBatchingWindowInSeconds == 0)
        #expect(mapping.state == .creating)
        let stream = try #require(mapping.stream)
        #expect(stream == StreamSettings(startingPosition: "TRIM_HORIZON"))
        #expect(stream.parallelizationFactor == 1 && stream.maximumRetryAttempts == -1)
        #expect(stream.maximumRecordAgeInSeconds == -1 && !stream.bisectBatchOnFunctionError)
        #expect(stream.onFailureDestination == nil)
        // Large batches need no window on streams.
        #expect(try create(EventSourceMappingPatch(batchSize: 10000, startingPosition: "LATEST")).batchSize == 10000)
    }

    @Test(arguments: [
        (EventSourceMappingPatch(), "Value null at 'startingPosition'"),
        (EventSourceMappingPatch(startingPosition: "NOW"), "enum value set: [TRIM_HORIZON, LATEST, AT_TIMESTAMP]"),
        (EventSourceMappingPatch(startingPosition: "AT_TIMESTAMP"), "Need to specify a timestamp"),
        (EventSourceMappingPatch(startingPosition: "LATEST", parallelizationFactor: 0), "parallelizationFactor"),
        (EventSourceMappingPatch(startingPosition: "LATEST", parallelizationFactor: 11), "less than or equal to 10"),
        (EventSourceMappingPatch(startingPosition: "LATEST", maximumRetryAttempts: -2), "maximumRetryAttempts"),
        (EventSourceMappingPatch(startingPosition: "LATEST", maximumRetryAttempts: 10001), "maximumRetryAttempts"),
        (EventSourceMappingPatch(startingPosition: "LATEST", maximumRecordAgeInSeconds: 59), "between 60 and 604800"),
        (
            EventSourceMappingPatch(startingPosition: "LATEST", maximumRecordAgeInSeconds: 604801),
            "maximumRecordAgeInSeconds"
        ),
        (EventSourceMappingPatch(batchSize: 10001, startingPosition: "LATEST"), "batchSize"),
        (
            EventSourceMappingPatch(startingPosition: "LATEST", hasOnSuccessDestination: true),
            "Unsupported DestinationConfig parameter"
        ),
        (
            EventSourceMappingPatch(
                startingPosition: "LATEST", onFailureDestination: "arn:aws:lambda:us-east-1:123456789012:function:f"),
            "The provided destination config"
        ),
        (EventSourceMappingPatch(startingPosition: "LATEST", tumblingWindowInSeconds: 60), "tumbling windows"),
        (EventSourceMappingPatch(startingPosition: "LATEST", tumblingWindowInSeconds: 901), "tumblingWindowInSeconds"),
        (EventSourceMappingPatch(maximumConcurrency: .some(5), startingPosition: "LATEST"), "ScalingConfig"),
    ])
    func refusals(_ patch: EventSourceMappingPatch, _ wording: String) {
        do {
            _ = try create(patch)
            Issue.record("accepted \(patch)")
        } catch {
            #expect(error.code == .invalidParameterValue)
            #expect(error.message.contains(wording), "\(error.message)")
        }
    }

    @Test func dynamoDBHasNoTimestampStart() throws {
        let patch = EventSourceMappingPatch(startingPosition: "AT_TIMESTAMP", startingPositionTimestamp: Date())
        #expect(try create(patch).stream?.startingPositionTimestamp != nil)
        #expect(throws: LambError.self) { try create(patch, stream: Self.dynamo) }
        #expect(try create(EventSourceMappingPatch(startingPosition: "LATEST"), stream: Self.dynamo).batchSize == 100)
    }

    @Test func onFailureDestinationsAcceptedAndCleared() throws {
        for arn in [
            "arn:aws:sqs:us-east-1:123456789012:dlq", "arn:aws:sns:us-east-1:123456789012:topic",
            "arn:aws:s3:::bucket",
        ] {
            #expect(
                try create(EventSourceMappingPatch(startingPosition: "LATEST", onFailureDestination: arn))
                    .stream?.onFailureDestination == arn)
        }
        let mapping = try create(
            EventSourceMappingPatch(startingPosition: "LATEST", onFailureDestination: "arn:aws:sqs:us-east-1:1:q"))
        let cleared = try EventSourceMappingRules.merging(
            EventSourceMappingPatch(onFailureDestination: .some(nil)), into: mapping, functionName: nil,
            qualifier: nil, now: Date())
        #expect(cleared.stream?.onFailureDestination == nil)
    }

    @Test func updatesChangeStreamSettingsButNotThePosition() throws {
        let mapping = try create(EventSourceMappingPatch(startingPosition: "TRIM_HORIZON"))
        let updated = try EventSourceMappingRules.merging(
            EventSourceMappingPatch(
                batchSize: 7, startingPosition: "LATEST", parallelizationFactor: 3, maximumRetryAttempts: 2,
                maximumRecordAgeInSeconds: 60, bisectBatchOnFunctionError: true),
            into: mapping, functionName: nil, qualifier: nil, now: Date())
        #expect(updated.state == .updating && updated.batchSize == 7)
        #expect(
            updated.stream
                == StreamSettings(
                    startingPosition: "TRIM_HORIZON", parallelizationFactor: 3, maximumRetryAttempts: 2,
                    maximumRecordAgeInSeconds: 60, bisectBatchOnFunctionError: true))
        #expect(throws: LambError.self) {
            try EventSourceMappingRules.merging(
                EventSourceMappingPatch(maximumRecordAgeInSeconds: 10), into: mapping, functionName: nil,
                qualifier: nil, now: Date())
        }
    }

    @Test(arguments: [
        (EventSourceMappingPatch(parallelizationFactor: 2), "Unsupported ParallelizationFactor parameter"),
        (EventSourceMappingPatch(maximumRetryAttempts: 2), "Unsupported MaximumRetryAttempts parameter"),
        (EventSourceMappingPatch(maximumRecordAgeInSeconds: 60), "Unsupported MaximumRecordAgeInSeconds parameter"),
        (EventSourceMappingPatch(bisectBatchOnFunctionError: true), "Unsupported BisectBatchOnFunctionError"),
        (EventSourceMappingPatch(onFailureDestination: "arn:aws:sqs:us-east-1:1:q"), "Unsupported DestinationConfig"),
        (EventSourceMappingPatch(tumblingWindowInSeconds: 0), "Unsupported TumblingWindowInSeconds"),
        (EventSourceMappingPatch(startingPosition: "LATEST"), "StartingPosition is not valid for SQS"),
    ])
    func sqsRefusesStreamFields(_ patch: EventSourceMappingPatch, _ wording: String) {
        do {
            _ = try EventSourceMappingRules.create(
                patch, queue: SQSQueueArn("arn:aws:sqs:us-east-1:123456789012:q")!, functionName: "f", qualifier: nil,
                now: Date())
            Issue.record("accepted \(patch)")
        } catch {
            #expect(error.message.contains(wording), "\(error.message)")
        }
    }

    @Test func otherSourcesAreRefusedClearly() {
        #expect(
            EventSourceMappingRules.unrecognizedSource("arn:aws:kafka:us-east-1:1:cluster/c/x").message
                .contains("Lamb does not poll kafka"))
        #expect(EventSourceMappingRules.unrecognizedSource("nonsense").message.hasPrefix("Unrecognized event source"))
    }

    @Test func mappingsStoredBeforeStreamsStillDecode() throws {
        let old = """
            {"uuid":"u","eventSourceArn":"arn:aws:sqs:us-east-1:1:q","functionName":"f","batchSize":10,
             "maximumBatchingWindowInSeconds":0,"functionResponseTypes":[],"filterPatterns":[],"enabled":true,
             "state":"Enabled","stateTransitionReason":"USER_INITIATED","lastModified":0}
            """
        let mapping = try JSONDecoder().decode(EventSourceMapping.self, from: Data(old.utf8))
        #expect(mapping.stream == nil && mapping.batchSize == 10)
    }
}
