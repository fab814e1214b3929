import Foundation

/// Where Lambda may send the record of an asynchronous invocation (a destination) or a discarded event (a
/// dead-letter queue), told apart by the service in the ARN.
public enum DestinationTarget: Sendable, Equatable {
    /// Another Lambda function: Lamb invokes it asynchronously with the record as its event.
    case function(FunctionReference)
    /// An SQS queue, SNS topic, EventBridge bus or S3 bucket: Lamb appends to its sink, which delivers to the
    /// service when `lamb serve` has an endpoint for it.
    case sink(service: Service)

    /// The services Lamb keeps a local sink for.
    public enum Service: String, Sendable, Equatable {
        case sqs
        case sns
        case eventBridge = "events"
        case s3
    }

    /// The target an ARN names, or `nil` when Lambda does not deliver to that service.
    public static func parse(_ arn: String) -> DestinationTarget? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        if parts[2] == "lambda" {
            guard let reference = try? FunctionReference.parse(arn) else { return nil }
            return .function(reference)
        }
        guard let service = Service(rawValue: String(parts[2])), !parts[5].isEmpty else { return nil }
        return .sink(service: service)
    }

    /// `DestinationArn` of Lambda's model: empty, a `kafka://` topic, or an ARN of the general shape.
    public static func matchesModelPattern(_ arn: String) -> Bool {
        guard arn.utf8.count <= 350 else { return false }
        let range = NSRange(arn.startIndex..., in: arn)
        return destinationPattern.firstMatch(in: arn, options: [], range: range) != nil
    }

    /// The pattern as Lambda's error messages quote it.
    public static let modelPatternText =
        "$|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}((-gov)|"
        + "(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)"

    // Built once from a constant; the pattern is known to compile. `NSRegularExpression` is immutable and
    // documented thread-safe, which makes sharing it safe.
    nonisolated(unsafe) private static let destinationPattern = try! NSRegularExpression(
        pattern: "^(?:" + modelPatternText + ")$")

    /// `DeadLetterConfig.TargetArn` of Lambda's model: ``ARNPatterns/looseText``.
    public static func matchesDeadLetterPattern(_ arn: String) -> Bool {
        ARNPatterns.matchesLoose(arn)
    }
}
