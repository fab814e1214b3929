import Foundation
import LambCore

/// How a destination message travels to its service: what the send carries beside the body, where an S3 record
/// goes, and how long a failed delivery waits. Pure, so the shapes are tested without an endpoint.
public enum DestinationDelivery {
    /// A dead letter's `RequestID`, `ErrorCode` (a number) and `ErrorMessage`, as SQS and SNS message attributes;
    /// a destination record carries none.
    public static func messageAttributes(_ message: DestinationMessage) -> [String: DeliveryAttribute] {
        guard message.kind == .deadLetter else { return [:] }
        var attributes: [String: DeliveryAttribute] = [:]
        for (name, value) in message.attributes where ["RequestID", "ErrorCode", "ErrorMessage"].contains(name) {
            attributes[name] = DeliveryAttribute(dataType: name == "ErrorCode" ? "Number" : "String", value: value)
        }
        return attributes
    }

    /// The bucket of an S3 ARN (`arn:aws:s3:::bucket`).
    public static func bucket(of arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[2] == "s3", !parts[5].isEmpty else { return nil }
        return String(parts[5].split(separator: "/").first ?? parts[5])
    }

    /// Where Lambda writes a failure record in a bucket: `aws/lambda/async/FUNCTION/…` for an asynchronous
    /// invocation, `aws/lambda/MAPPING-UUID/SHARD/…` for a stream mapping's batch (its message carries
    /// `eventSourceMappingUUID` and `shardId` attributes), then the day and a time-stamped unique name.
    public static func s3Key(_ message: DestinationMessage, unique: String = UUID().uuidString.lowercased()) -> String {
        let prefix: String
        if let mapping = message.attributes["eventSourceMappingUUID"], let shard = message.attributes["shardId"] {
            prefix = "aws/lambda/\(mapping)/\(shard)"
        } else {
            prefix = "aws/lambda/async/\(message.function)"
        }
        let day = utc("yyyy/MM/dd").string(from: message.timestamp)
        let stamp = utc("yyyy-MM-dd'T'HH.mm.ss").string(from: message.timestamp)
        return "\(prefix)/\(day)/\(stamp)-\(unique)"
    }

    /// The wait before retrying a delivery that failed `attempts` times: 1 s doubling to 5 minutes.
    public static func retryDelay(attempts: Int) -> TimeInterval {
        guard attempts > 0 else { return 0 }
        return min(pow(2, Double(min(attempts - 1, 20))), 300)
    }

    private static func utc(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter
    }
}
