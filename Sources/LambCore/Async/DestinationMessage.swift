import Foundation

/// One message Lamb delivered to a local sink in place of an SQS queue, SNS topic, EventBridge bus or S3 bucket:
/// an invocation record for a destination, or a discarded event for a dead-letter queue.
public struct DestinationMessage: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case onSuccess = "on-success"
        case onFailure = "on-failure"
        case deadLetter = "dead-letter"
    }

    /// Position in the sink (ascending, never reused); 0 until stored.
    public var id: Int64
    /// The destination or dead-letter ARN.
    public var target: String
    public var kind: Kind
    public var timestamp: Date
    /// The function whose invocation this is about.
    public var function: String
    public var requestId: String
    /// The record's `condition` (`Success`, `RetriesExhausted`, `EventAgeExceeded`).
    public var condition: String?
    /// The message body as JSON: Lambda's invocation record, or for a dead letter the original event.
    public var body: Data
    /// What the target service would carry beside the body: a dead letter's `RequestID`, `ErrorCode` and
    /// `ErrorMessage`; EventBridge's `source` and `detail-type`.
    public var attributes: [String: String]

    public init(
        id: Int64 = 0, target: String, kind: Kind, timestamp: Date, function: String, requestId: String,
        condition: String?, body: Data, attributes: [String: String] = [:]
    ) {
        self.id = id
        self.target = target
        self.kind = kind
        self.timestamp = timestamp
        self.function = function
        self.requestId = requestId
        self.condition = condition
        self.body = body
        self.attributes = attributes
    }
}
