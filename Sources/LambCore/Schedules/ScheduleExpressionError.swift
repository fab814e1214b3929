/// Why a schedule expression was refused. `message` starts with the sentence EventBridge answers (its
/// `ValidationException`), then says which part is wrong, which EventBridge does not.
public struct ScheduleExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// EventBridge's own words for every invalid expression (PutRule and CreateSchedule alike).
    public static let eventBridgeMessage = "Parameter ScheduleExpression is not valid."

    /// What is wrong, e.g. `day-of-month and day-of-week cannot both be specified; one must be ?`.
    public var reason: String

    public init(_ reason: String) { self.reason = reason }

    public var message: String { "\(Self.eventBridgeMessage) (\(reason))" }
    public var description: String { message }
}
