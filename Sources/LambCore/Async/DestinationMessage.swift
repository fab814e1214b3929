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
    /// Whether the message went on to the real service: set by the store (``Delivery/State/pending`` when an
    /// endpoint serves the target's service) and by the relay that delivers it.
    public var delivery: Delivery

    /// A message's way to its target's service.
    public struct Delivery: Codable, Sendable, Equatable {
        public enum State: String, Codable, Sendable {
            /// Kept in the local sink only: no endpoint served the target's service when it was written.
            case local
            /// Waiting to be delivered (again, after `attempts` failures).
            case pending
            case delivered
        }

        public var state: State
        public var attempts: Int
        public var lastError: String?
        /// When the last attempt was made.
        public var at: Date?

        public init(state: State = .local, attempts: Int = 0, lastError: String? = nil, at: Date? = nil) {
            self.state = state
            self.attempts = attempts
            self.lastError = lastError
            self.at = at
        }
    }

    /// The service in the target's ARN (`sqs`, `sns`, `events`, `s3`).
    public var targetService: String {
        let parts = target.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return parts.count > 2 ? String(parts[2]) : ""
    }

    public init(
        id: Int64 = 0, target: String, kind: Kind, timestamp: Date, function: String, requestId: String,
        condition: String?, body: Data, attributes: [String: String] = [:], delivery: Delivery = Delivery()
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
        self.delivery = delivery
    }
}
