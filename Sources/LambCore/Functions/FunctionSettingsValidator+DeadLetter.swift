/// `DeadLetterConfig.TargetArn`: where Lambda sends an asynchronous event it gave up on.
extension FunctionSettingsValidator {
    /// The model's pattern, then the services Lambda accepts for a dead-letter queue: SQS queues and SNS topics.
    static func validateDeadLetterTarget(_ arn: String) throws {
        guard DestinationTarget.matchesDeadLetterPattern(arn) else {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(arn)' at 'deadLetterConfig.targetArn' failed to satisfy "
                    + "constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()"
            )
        }
        switch DestinationTarget.parse(arn) {
        case .sink(service: .sqs), .sink(service: .sns): return
        default:
            throw LambError.invalidParameter("The dead-letter target must be an SQS queue or an SNS topic: \(arn)")
        }
    }
}
