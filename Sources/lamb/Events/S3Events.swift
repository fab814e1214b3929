import ArgumentParser
import Foundation

/// `lamb generate-event s3 put|delete`: an S3 event notification as Lambda receives it.
struct S3Events: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "s3", abstract: "Amazon S3 event notifications.", subcommands: [S3Put.self, S3Delete.self])
}

struct S3Object: ParsableArguments {
    @OptionGroup var origin: EventOrigin
    @Option(help: "The bucket the event is about.") var bucket = "example-bucket"
    @Option(help: "The object key (written URL-encoded, as S3 does).") var key = "test/key"

    /// One record of `Records`; `object` adds to the key and sequencer.
    func record(_ eventName: String, object: [String: Any], now: Date) -> [String: Any] {
        var objectFields: [String: Any] = ["key": Self.urlEncoded(key), "sequencer": "0A1B2C3D4E5F678901"]
        objectFields.merge(object) { _, new in new }
        return [
            "eventVersion": "2.1",
            "eventSource": "aws:s3",
            "awsRegion": origin.region,
            "eventTime": SampleEventJSON.iso8601(now),
            "eventName": eventName,
            "userIdentity": ["principalId": "EXAMPLE"],
            "requestParameters": ["sourceIPAddress": "127.0.0.1"],
            "responseElements": [
                "x-amz-request-id": "EXAMPLE123456789",
                "x-amz-id-2": "EXAMPLE123/5678abcdefghijklambdaisawesome/mnopqrstuvwxyzABCDEFGH",
            ],
            "s3": [
                "s3SchemaVersion": "1.0",
                "configurationId": "testConfigRule",
                "bucket": [
                    "name": bucket,
                    "ownerIdentity": ["principalId": "EXAMPLE"],
                    "arn": "arn:\(origin.partition):s3:::\(bucket)",
                ],
                "object": objectFields,
            ] as [String: Any],
        ]
    }

    /// Keys in S3 events are URL-encoded with spaces as `+`; `/` stays.
    static func urlEncoded(_ key: String) -> String {
        var out = ""
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: "*"):
                out.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: " "):
                out.append("+")
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}

struct S3Put: SampleEvent {
    static let configuration = CommandConfiguration(commandName: "put", abstract: "An object was created (PUT).")
    @OptionGroup var object: S3Object

    func event(now: Date) -> [String: Any] {
        let fields: [String: Any] = ["size": 1024, "eTag": "0123456789abcdef0123456789abcdef"]
        return ["Records": [object.record("ObjectCreated:Put", object: fields, now: now)]]
    }
}

struct S3Delete: SampleEvent {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "An object was deleted.")
    @OptionGroup var object: S3Object

    func event(now: Date) -> [String: Any] {
        ["Records": [object.record("ObjectRemoved:Delete", object: [:], now: now)]]
    }
}
