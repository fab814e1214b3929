import ArgumentParser
import Foundation

/// `lamb generate-event kinesis get-records`: a Kinesis data stream batch of one record, its data base64-encoded.
struct KinesisEvents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kinesis", abstract: "Amazon Kinesis data stream records.", subcommands: [KinesisGetRecords.self])
}

struct KinesisGetRecords: SampleEvent {
    static let configuration = CommandConfiguration(
        commandName: "get-records", abstract: "A record read from a data stream.")
    @OptionGroup var origin: EventOrigin
    @Option(help: "The stream's name.") var stream = "example-stream"
    @Option(help: "The record's data (written base64-encoded, as Kinesis does).") var data =
        "Hello, this is a test 123."
    @Option(name: .customLong("partition-key"), help: "The record's partition key.") var partitionKey =
        "partitionKey-03"
    @Option(help: "The record's sequence number.")
    var sequence = "49545115243490985018280067714973144582180062593244200961"

    func event(now: Date) -> [String: Any] {
        let record: [String: Any] = [
            "kinesis": [
                "kinesisSchemaVersion": "1.0",
                "partitionKey": partitionKey,
                "sequenceNumber": sequence,
                "data": Data(data.utf8).base64EncodedString(),
                "approximateArrivalTimestamp": (now.timeIntervalSince1970 * 1000).rounded(.down) / 1000,
            ] as [String: Any],
            "eventSource": "aws:kinesis",
            "eventVersion": "1.0",
            "eventID": "shardId-000000000006:\(sequence)",
            "eventName": "aws:kinesis:record",
            "invokeIdentityArn": "arn:\(origin.partition):iam::\(origin.accountId):role/lambda-role",
            "awsRegion": origin.region,
            "eventSourceARN": origin.arn("kinesis", "stream/\(stream)"),
        ]
        return ["Records": [record]]
    }
}
