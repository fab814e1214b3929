import Foundation

/// One schedule for `lamb schedules` and `/_lamb/v1/schedules`; times are ISO 8601 in UTC.
public struct ScheduleSummary: Sendable, Codable, Equatable {
    public var schedule: ScheduleDefinition
    public var arn: String
    /// The next three firings (fewer when the schedule ends; none when disabled).
    public var nextFirings: [String]
    public var lastFiring: String?
    /// The asynchronous invocation the last firing queued (see `lamb events`).
    public var lastRequestId: String?
    /// Firings since Lamb started.
    public var firings: Int

    public init(
        schedule: ScheduleDefinition, arn: String, nextFirings: [Date], lastFiring: Date?, lastRequestId: String?,
        firings: Int
    ) {
        self.schedule = schedule
        self.arn = arn
        self.nextFirings = nextFirings.map(ScheduledEventPayload.timestamp)
        self.lastFiring = lastFiring.map(ScheduledEventPayload.timestamp)
        self.lastRequestId = lastRequestId
        self.firings = firings
    }
}

/// The body of `POST /_lamb/v1/schedules` (`lamb schedule create`).
public struct ScheduleCreateRequest: Sendable, Codable, Equatable {
    public var name: String
    public var function: String
    public var expression: String
    /// `Schedule` (an EventBridge rule, the default) or `ScheduleV2` (Scheduler; implied by a time zone or `at()`).
    public var type: String?
    public var timeZone: String?
    public var input: String?
    public var enabled: Bool?

    public init(
        name: String, function: String, expression: String, type: String? = nil, timeZone: String? = nil,
        input: String? = nil, enabled: Bool? = nil
    ) {
        self.name = name
        self.function = function
        self.expression = expression
        self.type = type
        self.timeZone = timeZone
        self.input = input
        self.enabled = enabled
    }

    /// The definition it asks for; the kind is Scheduler's when a time zone or `at(...)` needs it.
    public func definition() throws(ScheduleExpressionError) -> ScheduleDefinition {
        let kind: ScheduleDefinition.Kind
        switch type {
        case nil: kind = timeZone != nil || expression.hasPrefix("at(") ? .scheduler : .rule
        case "Schedule": kind = .rule
        case "ScheduleV2": kind = .scheduler
        case let other?: throw ScheduleExpressionError(reason: "type must be Schedule or ScheduleV2, not \(other)")
        }
        guard !name.isEmpty, name.count <= 64,
            name.unicodeScalars.allSatisfy({
                $0.isASCII
                    && ($0.properties.isAlphabetic || $0.properties.numericType != nil
                        || "._-".unicodeScalars.contains($0))
            })
        else {
            throw ScheduleExpressionError(reason: "a schedule name is 1 to 64 of letters, digits, '.', '_' and '-'")
        }
        let definition = ScheduleDefinition(
            name: name, function: function, kind: kind, origin: .api, expression: expression, timeZone: timeZone,
            input: input, enabled: enabled ?? true)
        try definition.validate()
        return definition
    }
}
