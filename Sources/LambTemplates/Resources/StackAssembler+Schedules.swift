import Foundation
import LambCore

/// A function's `Schedule` (an EventBridge rule) and `ScheduleV2` (an EventBridge Scheduler schedule) events,
/// checked as EventBridge would check them at deployment and kept in ``LoadedStack/schedules`` for the scheduler.
extension StackAssembler {
    /// Properties read but not acted on, with what Lamb does instead.
    private static let unusedScheduleProperties: [String: String] = [
        "DeadLetterConfig": "EventBridge's own delivery never fails locally; the function's async DLQ still applies",
        "RetryPolicy": "EventBridge's own delivery never fails locally; the async invoke's retries apply",
        "GroupName": "schedule groups are not modelled; every schedule is in the default group",
        "KmsKeyArn": "no encryption at rest locally",
        "RoleArn": "no IAM locally",
        "PermissionsBoundary": "no IAM locally",
        "OmitName": "the schedule is still named (after the function and event) so that it can be listed",
        "EventBusName": "schedules are not sent through an event bus locally",
        "RuleName": "the rule is named by Name, or after the function and event",
    ]

    mutating func addScheduleEvent(
        type: String, eventName: String, _ event: PropertyReader, function: StackFunction
    ) throws(TemplateError) {
        guard type == "Schedule" || type == "ScheduleV2" else { return }
        let properties =
            try event.nested("Properties") ?? PropertyReader(entries: [], at: event.location(of: "Properties"))
        let isRule = type == "Schedule"
        let expression = try properties.requiredString(isRule ? "Schedule" : "ScheduleExpression")
        var schedule = ScheduleDefinition(
            name: try properties.string("Name") ?? "\(function.logicalId)\(eventName)", function: function.name,
            kind: isRule ? .rule : .scheduler, origin: .template, expression: expression,
            input: try properties.string("Input"), enabled: try scheduleEnabled(properties, isRule: isRule),
            description: try properties.string("Description"))
        if !isRule {
            schedule.timeZone = try properties.string("ScheduleExpressionTimezone")
            schedule.startDate = try scheduleDate(properties, "StartDate")
            schedule.endDate = try scheduleDate(properties, "EndDate")
            schedule.flexibleWindowMinutes = try flexibleWindow(properties)
        }
        do {
            try schedule.validate()
        } catch {
            throw properties.location(of: isRule ? "Schedule" : "ScheduleExpression").error(error.message)
        }
        if stack.schedules.contains(where: { $0.name == schedule.name }) {
            throw properties.location(of: "Name").error("a schedule named \(schedule.name) already exists")
        }
        for (key, detail) in Self.unusedScheduleProperties.sorted(by: { $0.key < $1.key }) where properties.has(key) {
            note(properties.location(of: key).finding(.ignored, detail))
        }
        stack.schedules.append(schedule)
    }

    /// `Enabled` (a boolean) or `State` (`ENABLED` / `DISABLED`): SAM refuses both at once.
    private func scheduleEnabled(_ properties: PropertyReader, isRule: Bool) throws(TemplateError) -> Bool {
        let enabled = isRule ? try properties.bool("Enabled") : nil
        let state = try properties.string("State")
        if enabled != nil && state != nil {
            throw properties.location(of: "State").error("Enabled and State cannot both be set")
        }
        if let state {
            guard state == "ENABLED" || state == "DISABLED" else {
                throw properties.location(of: "State").error("must be ENABLED or DISABLED, not \(state)")
            }
            return state == "ENABLED"
        }
        return enabled ?? true
    }

    /// `StartDate` / `EndDate`: ISO 8601 with a zone (`2026-05-01T00:00:00Z`), as CloudFormation takes them.
    private func scheduleDate(_ properties: PropertyReader, _ key: String) throws(TemplateError) -> Date? {
        guard let text = try properties.string(key) else { return nil }
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = plain.date(from: text) ?? fractional.date(from: text) else {
            throw properties.location(of: key).error("must be an ISO 8601 date and time, as 2026-05-01T00:00:00Z")
        }
        return date
    }

    /// `FlexibleTimeWindow`: `Mode: OFF` (the default) or `FLEXIBLE` with `MaximumWindowInMinutes` (1–1440).
    private func flexibleWindow(_ properties: PropertyReader) throws(TemplateError) -> Int? {
        guard let window = try properties.nested("FlexibleTimeWindow") else { return nil }
        let mode = try window.requiredString("Mode")
        switch mode {
        case "OFF": return nil
        case "FLEXIBLE":
            guard let minutes = try window.int("MaximumWindowInMinutes") else {
                throw window.location.error("MaximumWindowInMinutes is required when Mode is FLEXIBLE")
            }
            return minutes
        default: throw window.location(of: "Mode").error("must be OFF or FLEXIBLE, not \(mode)")
        }
    }
}
