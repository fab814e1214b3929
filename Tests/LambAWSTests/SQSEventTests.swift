import Foundation
import LambAWS
import LambCore
import Testing

struct SQSEventTests {
    static let message = SQSMessage(
        MessageId: "059f36b4-87a3-44ab-83d2-661975830a7d", ReceiptHandle: "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
        MD5OfBody: "e4e68fb7bd0e697a0ae8f1bb342846b3", Body: #"{"n": 1}"#,
        Attributes: ["ApproximateReceiveCount": "1", "SentTimestamp": "1545082649183"],
        MD5OfMessageAttributes: "abc",
        MessageAttributes: [
            "text": SQSMessageAttribute(StringValue: "hello", DataType: "String"),
            "blob": SQSMessageAttribute(BinaryValue: "AAEC", DataType: "Binary"),
        ])

    @Test func recordHasLambdasShape() throws {
        let record = SQSEventRecord(
            Self.message, eventSourceArn: "arn:aws:sqs:us-east-2:123456789012:my-queue", region: "us-east-2")
        let payload = try SQSEvent.payload([record])
        let json = try #require(JSONValue.parse(String(decoding: payload, as: UTF8.self)))
        guard case .array(let records)? = json["Records"], let first = records.first else {
            Issue.record("no Records")
            return
        }
        #expect(first["messageId"] == .string(Self.message.MessageId))
        #expect(first["receiptHandle"] == .string(Self.message.ReceiptHandle))
        #expect(first["body"] == .string(#"{"n": 1}"#))
        #expect(first["attributes"]?["ApproximateReceiveCount"] == .string("1"))
        #expect(first["md5OfBody"] == .string(Self.message.MD5OfBody))
        #expect(first["md5OfMessageAttributes"] == .string("abc"))
        #expect(first["eventSource"] == .string("aws:sqs"))
        #expect(first["eventSourceARN"] == .string("arn:aws:sqs:us-east-2:123456789012:my-queue"))
        #expect(first["awsRegion"] == .string("us-east-2"))
        #expect(
            first["messageAttributes"]?["text"]
                == .object([
                    "stringValue": .string("hello"), "stringListValues": .array([]), "binaryListValues": .array([]),
                    "dataType": .string("String"),
                ]))
        #expect(first["messageAttributes"]?["blob"]?["binaryValue"] == .string("AAEC"))
        #expect(first["messageAttributes"]?["blob"]?["stringValue"] == nil)
    }

    @Test func filterViewParsesJSONBodiesOnly() {
        let record = SQSEventRecord(Self.message, eventSourceArn: "arn:aws:sqs:us-east-1:1:q", region: "us-east-1")
        #expect(record.filterView["body"]?["n"] == .number(1))
        var plain = Self.message
        plain.Body = "plain text"
        let text = SQSEventRecord(plain, eventSourceArn: "arn:aws:sqs:us-east-1:1:q", region: "us-east-1")
        #expect(text.filterView["body"] == .string("plain text"))
    }

    @Test func batchResponses() {
        let ids: Set<String> = ["a", "b"]
        func outcome(_ text: String, reports: Bool = true) -> SQSBatchOutcome {
            SQSBatchOutcome.fromResponse(Data(text.utf8), batch: ids, reportsItemFailures: reports)
        }
        #expect(outcome("null") == .succeeded)
        #expect(outcome("") == .succeeded)
        #expect(outcome("{}") == .succeeded)
        #expect(outcome(#"{"batchItemFailures": []}"#) == .succeeded)
        #expect(outcome(#"{"batchItemFailures": null}"#) == .succeeded)
        #expect(outcome(#"{"batchItemFailures": [{"itemIdentifier": "a"}]}"#) == .partial(failed: ["a"]))
        #expect(outcome(#"{"batchItemFailures": [{"itemIdentifier": "zzz"}]}"#).isFailure)
        #expect(outcome(#"{"batchItemFailures": [{"itemIdentifier": ""}]}"#).isFailure)
        #expect(outcome(#"{"batchItemFailures": [{"itemIdentifier": null}]}"#).isFailure)
        #expect(outcome(#"{"batchItemFailures": [{"id": "a"}]}"#).isFailure)
        #expect(outcome(#"{"batchItemFailures": "a"}"#).isFailure)
        #expect(outcome("not json{").isFailure)
        // Without ReportBatchItemFailures, a returned function succeeded with its whole batch.
        #expect(outcome(#"{"batchItemFailures": [{"itemIdentifier": "a"}]}"#, reports: false) == .succeeded)
    }

    @Test func batchingDecisions() {
        let single = SQSBatchPlan(batchSize: 10, windowSeconds: 0)
        #expect(single.next(collected: 0, bytes: 0, elapsedSeconds: 0) == .init(maximum: 10, waitSeconds: 20))
        #expect(single.next(collected: 3, bytes: 30, elapsedSeconds: 0) == nil)
        let small = SQSBatchPlan(batchSize: 4, windowSeconds: 0)
        #expect(small.next(collected: 0, bytes: 0, elapsedSeconds: 0)?.maximum == 4)
        let windowed = SQSBatchPlan(batchSize: 100, windowSeconds: 5)
        #expect(windowed.next(collected: 10, bytes: 100, elapsedSeconds: 1) == .init(maximum: 10, waitSeconds: 4))
        #expect(windowed.next(collected: 95, bytes: 100, elapsedSeconds: 1)?.maximum == 5)
        #expect(windowed.next(collected: 100, bytes: 100, elapsedSeconds: 1) == nil)
        #expect(windowed.next(collected: 10, bytes: 100, elapsedSeconds: 5) == nil)
        #expect(windowed.next(collected: 10, bytes: 5 * 1024 * 1024, elapsedSeconds: 1) == nil)
    }
}

extension SQSBatchOutcome {
    var isFailure: Bool {
        if case .failed = self { return true }
        return false
    }
}
