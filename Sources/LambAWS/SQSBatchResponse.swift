import Foundation
import LambCore

/// What a function's answer means for its batch, under `ReportBatchItemFailures` (Lambda's table of success and
/// failure conditions).
public enum SQSBatchOutcome: Sendable, Equatable {
    /// Delete every message.
    case succeeded
    /// Delete all but these message ids.
    case partial(failed: Set<String>)
    /// Delete nothing: the function failed, or its answer was not a valid batch response.
    case failed(reason: String)

    /// The outcome of a function that returned (`functionError == nil`) `payload`.
    public static func fromResponse(_ payload: Data, batch messageIds: Set<String>, reportsItemFailures: Bool)
        -> SQSBatchOutcome
    {
        guard reportsItemFailures else { return .succeeded }
        let text = String(decoding: payload, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .succeeded }
        guard let value = JSONValue.parse(text) else { return .failed(reason: "invalid JSON response") }
        switch value {
        case .null: return .succeeded
        case .object(let members):
            guard let list = members["batchItemFailures"] else { return .succeeded }
            switch list {
            case .null: return .succeeded
            case .array(let items):
                var failed: Set<String> = []
                for item in items {
                    guard case .string(let id)? = item["itemIdentifier"], !id.isEmpty else {
                        return .failed(reason: "a batchItemFailures entry has no itemIdentifier")
                    }
                    guard messageIds.contains(id) else {
                        return .failed(reason: "itemIdentifier \(id) is not a message of the batch")
                    }
                    failed.insert(id)
                }
                return failed.isEmpty ? .succeeded : .partial(failed: failed)
            default:
                return .failed(reason: "batchItemFailures is not a list")
            }
        default:
            return .failed(reason: "the response is not a JSON object")
        }
    }
}
