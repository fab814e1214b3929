/// `DeadLetterConfig.TargetArn`: where Lambda sends an asynchronous event it gave up on.
extension FunctionSettingsValidator {
    /// The model's pattern, then the services Lambda accepts for a dead-letter queue: SQS queues and SNS topics.
    static func validateDeadLetterTarget(_ arn: String) throws {
        guard DestinationTarget.matchesDeadLetterPattern(arn) else {
            throw modelViolation(
                arn, at: "deadLetterConfig.targetArn", "satisfy regular expression pattern: \(ARNPatterns.looseText)")
        }
        switch DestinationTarget.parse(arn) {
        case .sink(service: .sqs), .sink(service: .sns): return
        default:
            throw LambError.invalidParameter("The dead-letter target must be an SQS queue or an SNS topic: \(arn)")
        }
    }
}
