import Foundation
import LambCore
import Testing

@testable import LambAWS

struct DestinationDeliveryTests {
    static let at = Date(timeIntervalSince1970: 1_764_942_930)  // 2025-12-05T13:55:30Z

    static func message(kind: DestinationMessage.Kind, attributes: [String: String] = [:]) -> DestinationMessage {
        DestinationMessage(
            target: "arn:aws:s3:::records", kind: kind, timestamp: at, function: "orders", requestId: "r-1",
            condition: "RetriesExhausted", body: Data("{}".utf8), attributes: attributes)
    }

    @Test func deadLettersCarryLambdasAttributesWithANumericErrorCode() {
        let dead = Self.message(
            kind: .deadLetter, attributes: ["RequestID": "r-1", "ErrorCode": "200", "ErrorMessage": "boom"])
        let attributes = DestinationDelivery.messageAttributes(dead)
        #expect(attributes["RequestID"] == DeliveryAttribute(dataType: "String", value: "r-1"))
        #expect(attributes["ErrorCode"] == DeliveryAttribute(dataType: "Number", value: "200"))
        #expect(attributes["ErrorMessage"] == DeliveryAttribute(dataType: "String", value: "boom"))
    }

    @Test func destinationRecordsCarryNoAttributes() {
        let record = Self.message(
            kind: .onSuccess, attributes: ["source": "lambda", "detail-type": "Lambda Function Invocation Result - Success"])
        #expect(DestinationDelivery.messageAttributes(record).isEmpty)
    }

    @Test func s3KeysFollowLambdasLayout() {
        #expect(
            DestinationDelivery.s3Key(Self.message(kind: .onFailure), unique: "u1")
                == "aws/lambda/async/orders/2025/12/05/2025-12-05T13.55.30-u1")
        let batch = Self.message(
            kind: .onFailure, attributes: ["eventSourceMappingUUID": "e-9", "shardId": "shardId-000000000001"])
        #expect(
            DestinationDelivery.s3Key(batch, unique: "u2")
                == "aws/lambda/e-9/shardId-000000000001/2025/12/05/2025-12-05T13.55.30-u2")
    }

    @Test func bucketsComeFromS3ARNs() {
        #expect(DestinationDelivery.bucket(of: "arn:aws:s3:::records") == "records")
        #expect(DestinationDelivery.bucket(of: "arn:aws:s3:::records/prefix") == "records")
        #expect(DestinationDelivery.bucket(of: "arn:aws:sqs:us-east-1:123456789012:q") == nil)
    }

    @Test func retriesBackOffFromOneSecondToFiveMinutes() {
        #expect(DestinationDelivery.retryDelay(attempts: 0) == 0)
        #expect(DestinationDelivery.retryDelay(attempts: 1) == 1)
        #expect(DestinationDelivery.retryDelay(attempts: 4) == 8)
        #expect(DestinationDelivery.retryDelay(attempts: 40) == 300)
    }

    @Test func snsPublishIsFormEncodedWithNumberedAttributes() {
        let form = SNSClient.publishForm(
            topicArn: "arn:aws:sns:us-east-1:123456789012:t", message: #"{"a": "b&c"}"#,
            attributes: ["RequestID": DeliveryAttribute(dataType: "String", value: "r 1")])
        #expect(
            form
                == "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3At"
                + "&Message=%7B%22a%22%3A%20%22b%26c%22%7D&MessageAttributes.entry.1.Name=RequestID"
                + "&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=r%201")
    }

    @Test func serviceErrorsAreReadFromJSONAndXML() {
        let json = AWSServiceError(
            status: 400,
            body: Data(#"{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "no queue"}"#.utf8))
        #expect(json.code == "QueueDoesNotExist")
        #expect(json.message == "no queue")
        let xml = AWSServiceError(
            status: 404,
            body: Data(
                "<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error></ErrorResponse>"
                    .utf8))
        #expect(xml.code == "NotFound")
        #expect(xml.message == "Topic does not exist")
    }
}
