import ArgumentParser
import Foundation

/// `lamb generate-event dynamodb update`: a DynamoDB stream batch with an insert, a change and a removal.
struct DynamoDBEvents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dynamodb", abstract: "Amazon DynamoDB stream records.", subcommands: [DynamoDBUpdate.self])
}

struct DynamoDBUpdate: SampleEvent {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Stream records of an item inserted, modified and removed.")
    @OptionGroup var origin: EventOrigin
    @Option(help: "The table's name.") var table = "ExampleTableWithStream"

    func event(now: Date) -> [String: Any] {
        let streamArn = origin.arn("dynamodb", "table/\(table)/stream/2015-06-27T00:48:05.899")
        let keys: [String: Any] = ["Id": ["N": "101"]]
        func image(_ message: String) -> [String: Any] { ["Message": ["S": message], "Id": ["N": "101"]] }
        func record(_ number: Int, _ name: String, new: [String: Any]?, old: [String: Any]?) -> [String: Any] {
            var stream: [String: Any] = [
                "ApproximateCreationDateTime": Int(now.timeIntervalSince1970),
                "Keys": keys,
                "SequenceNumber": "\(number)11111111111111111111111",
                "SizeBytes": 26,
                "StreamViewType": "NEW_AND_OLD_IMAGES",
            ]
            if let new { stream["NewImage"] = new }
            if let old { stream["OldImage"] = old }
            return [
                "eventID": "\(number)",
                "eventName": name,
                "eventVersion": "1.1",
                "eventSource": "aws:dynamodb",
                "awsRegion": origin.region,
                "dynamodb": stream,
                "eventSourceARN": streamArn,
            ]
        }
        return [
            "Records": [
                record(1, "INSERT", new: image("New item!"), old: nil),
                record(2, "MODIFY", new: image("This item has changed"), old: image("New item!")),
                record(3, "REMOVE", new: nil, old: image("This item has changed")),
            ]
        ]
    }
}
