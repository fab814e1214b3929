import Foundation
import LambCore

/// What a function's answer means for a stream batch under `ReportBatchItemFailures`: Lambda checkpoints before the
/// lowest failed sequence number and retries from there.
public enum StreamBatchOutcome: Sendable, Equatable {
    case succeeded
    /// Records before `lowestFailed` are done; it and the records after it are retried.
    case partial(lowestFailed: String)
    /// The whole batch failed: the answer was not a valid batch response.
    case failed(reason: String)

    /// The outcome of a function that returned (`functionError == nil`) `payload` for a batch with these sequence
    /// numbers.
    public static func fromResponse(_ payload: Data, sequenceNumbers: Set<String>, reportsItemFailures: Bool)
        -> StreamBatchOutcome
    {
        guard reportsItemFailures else { return .succeeded }
        // The same table of valid and invalid answers as for SQS; only the identifiers differ.
        switch SQSBatchOutcome.fromResponse(payload, batch: sequenceNumbers, reportsItemFailures: true) {
        case .succeeded: return .succeeded
        case .failed(let reason): return .failed(reason: reason.replacingOccurrences(of: "message", with: "record"))
        case .partial(let failed):
            guard let lowest = StreamSequenceNumber.lowest(failed) else { return .succeeded }
            return .partial(lowestFailed: lowest)
        }
    }
}
