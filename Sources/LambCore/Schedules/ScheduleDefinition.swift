import Foundation

/// One schedule as Lamb keeps it: from a template's `Schedule` / `ScheduleV2` event, or made with
/// `lamb schedule create`. The expression is kept as text (it is what users see and what is stored) and parsed by
/// ``timeline(rateOrigin:)``.
public struct ScheduleDefinition: Sendable, Equatable, Codable {
    /// Which AWS service the schedule stands for: it decides the payload, the ARN, `at(...)` and time zones.
    public enum Kind: String, Sendable, Equatable, Codable {
        /// An EventBridge rule (SAM's `Schedule`): UTC only, the "Scheduled Event" payload.
        case rule = "Schedule"
        /// An EventBridge Scheduler schedule (SAM's `ScheduleV2`): time zones, `at(...)`, start and end dates.
        case scheduler = "ScheduleV2"
    }

    /// Where it comes from: a template's schedules follow the template; the API's live in SQLite.
    public enum Origin: String, Sendable, Equatable, Codable {
        case template, api
    }

    public var name: String
    public var function: String
    public var kind: Kind
    public var origin: Origin
    public var expression: String
    /// IANA name (`Europe/Paris`); `nil` is UTC.
    public var timeZone: String?
    public var startDate: Date?
    public var endDate: Date?
    /// Replaces the payload when set (JSON text).
    public var input: String?
    public var enabled: Bool
    public var description: String?
    /// Scheduler's `FlexibleTimeWindow.MaximumWindowInMinutes` when its mode is `FLEXIBLE`.
    public var flexibleWindowMinutes: Int?

    public init(
        name: String, function: String, kind: Kind, origin: Origin, expression: String, timeZone: String? = nil,
        startDate: Date? = nil, endDate: Date? = nil, input: String? = nil, enabled: Bool = true,
        description: String? = nil, flexibleWindowMinutes: Int? = nil
    ) {
        self.name = name
        self.function = function
        self.kind = kind
        self.origin = origin
        self.expression = expression
        self.timeZone = timeZone
        self.startDate = startDate
        self.endDate = endDate
        self.input = input
        self.enabled = enabled
        self.description = description
        self.flexibleWindowMinutes = flexibleWindowMinutes
    }

    /// Checks everything EventBridge would check when the schedule is made; the messages are what it answers.
    public func validate() throws(ScheduleExpressionError) {
        _ = try timeline(rateOrigin: Date(timeIntervalSince1970: 0))
        if let input {
            guard let data = input.data(using: .utf8),
                (try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)) != nil
            else { throw ScheduleExpressionError(reason: "Input must be valid JSON") }
        }
        if let startDate, let endDate, endDate <= startDate {
            throw ScheduleExpressionError(reason: "The EndDate must be after the StartDate.")
        }
        if let minutes = flexibleWindowMinutes, !(1...1440).contains(minutes) {
            throw ScheduleExpressionError(reason: "MaximumWindowInMinutes must be between 1 and 1440.")
        }
    }

    /// When it fires. Throws EventBridge's validation errors for a bad expression or time zone.
    public func timeline(rateOrigin: Date) throws(ScheduleExpressionError) -> ScheduleTimeline {
        let parsed = try ScheduleExpression.parse(expression, allowsAt: kind == .scheduler)
        var zone = TimeZone(identifier: "UTC")!
        if let timeZone {
            guard kind == .scheduler else {
                throw ScheduleExpressionError(reason: "EventBridge rules run in UTC; time zones belong to ScheduleV2")
            }
            guard let found = TimeZone(identifier: timeZone) else {
                throw ScheduleExpressionError(reason: "Invalid time zone: \(timeZone)")
            }
            zone = found
        }
        return ScheduleTimeline(
            expression: parsed, timeZone: zone, start: startDate, end: endDate, rateOrigin: rateOrigin)
    }

    /// The ARN EventBridge gives it: a rule on the default bus, or a schedule in the `default` group.
    public func arn(_ account: AccountContext) -> String {
        switch kind {
        case .rule: "arn:aws:events:\(account.region):\(account.accountId):rule/\(name)"
        case .scheduler: "arn:aws:scheduler:\(account.region):\(account.accountId):schedule/default/\(name)"
        }
    }
}

extension ScheduleExpressionError {
    /// An error about something other than the expression, with EventBridge's `ValidationException` words.
    public init(reason: String) { self.init(reason) }
}
