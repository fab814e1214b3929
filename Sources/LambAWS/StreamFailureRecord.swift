import Foundation
import LambCore

/// The document Lambda sends a stream mapping's OnFailure destination when it gives up records: where they are in
/// the stream (not the records themselves), and how the function last answered.
public struct StreamFailureRecord: Sendable, Encodable {
    public struct BatchInfo: Sendable, Encodable {
        public var shardId: String
        public var startSequenceNumber: String
        public var endSequenceNumber: String
        public var approximateArrivalOfFirstRecord: String
        public var approximateArrivalOfLastRecord: String
        public var batchSize: Int
        public var streamArn: String
    }

    /// How the function last answered; `nil` when the records were given up before any invocation.
    public struct Response: Sendable {
        public var statusCode: Int
        public var executedVersion: String
        public var functionError: String?

        public init(statusCode: Int = 200, executedVersion: String, functionError: String?) {
            self.statusCode = statusCode
            self.executedVersion = executedVersion
            self.functionError = functionError
        }
    }

    public var requestId: String
    public var functionArn: String
    /// `RetryAttemptsExhausted` or `RecordAgeExceeded`.
    public var condition: String
    public var approximateInvokeCount: Int
    public var response: Response?
    public var timestamp: Date
    public var kind: StreamSourceArn.Kind
    public var info: BatchInfo

    public init(
        records: [StreamEventRecord], shardId: String, stream: StreamSourceArn, requestId: String,
        functionArn: String, condition: String, invocations: Int, response: Response?, timestamp: Date
    ) {
        self.requestId = requestId
        self.functionArn = functionArn
        self.condition = condition
        approximateInvokeCount = invocations
        self.response = response
        self.timestamp = timestamp
        kind = stream.kind
        // Kinesis gives arrivals in milliseconds, DynamoDB in seconds.
        let arrival: (Date) -> String = { date in
            stream.kind == .kinesis
                ? Self.iso8601(date)
                : LambdaTimestamp.iso8601(Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
                    .replacingOccurrences(of: ".000Z", with: "Z")
        }
        info = BatchInfo(
            shardId: shardId, startSequenceNumber: records.first?.sequenceNumber ?? "",
            endSequenceNumber: records.last?.sequenceNumber ?? "",
            approximateArrivalOfFirstRecord: records.first.map { arrival($0.arrival) } ?? "",
            approximateArrivalOfLastRecord: records.last.map { arrival($0.arrival) } ?? "", batchSize: records.count,
            streamArn: stream.arn)
    }

    private struct RequestContext: Encodable {
        var requestId: String
        var functionArn: String
        var condition: String
        var approximateInvokeCount: Int
    }

    private struct ResponseContext: Encodable {
        var response: Response

        enum CodingKeys: String, CodingKey { case statusCode, executedVersion, functionError }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(response.statusCode, forKey: .statusCode)
            try container.encode(response.executedVersion, forKey: .executedVersion)
            // Lambda writes null when the function returned (a partial batch response it retried).
            try container.encode(response.functionError, forKey: .functionError)
        }
    }

    enum CodingKeys: String, CodingKey {
        case requestContext, responseContext, version, timestamp, KinesisBatchInfo, DDBStreamBatchInfo
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(
            RequestContext(
                requestId: requestId, functionArn: functionArn, condition: condition,
                approximateInvokeCount: approximateInvokeCount), forKey: .requestContext)
        if let response { try container.encode(ResponseContext(response: response), forKey: .responseContext) }
        try container.encode("1.0", forKey: .version)
        try container.encode(Self.iso8601(timestamp), forKey: .timestamp)
        try container.encode(info, forKey: kind == .kinesis ? .KinesisBatchInfo : .DDBStreamBatchInfo)
    }

    /// Milliseconds rounded to the nearest (an arrival of `.987` is not written `.986` for want of binary
    /// precision).
    static func iso8601(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        return LambdaTimestamp.iso8601(Date(timeIntervalSince1970: (milliseconds + 0.25) / 1000))
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
