import Foundation

/// What a schedule's firing sends the function.
public enum ScheduledEventPayload {
    /// The payload of the firing at `time` (the scheduled minute, not the moment it ran), `id` being the event id.
    ///
    /// - `Schedule` (an EventBridge rule): EventBridge's "Scheduled Event", or `Input` instead when given.
    /// - `ScheduleV2` (EventBridge Scheduler): `Input` with Scheduler's context attributes
    ///   (`<aws.scheduler.schedule-arn>`, `<aws.scheduler.scheduled-time>`, `<aws.scheduler.execution-id>`,
    ///   `<aws.scheduler.attempt-number>`) filled in; `{}` without one.
    public static func make(
        _ schedule: ScheduleDefinition, time: Date, id: String, account: AccountContext
    ) -> Data {
        let stamp = timestamp(time)
        switch schedule.kind {
        case .rule:
            if let input = schedule.input { return Data(input.utf8) }
            let event: [(String, String)] = [
                ("version", json("0")), ("id", json(id)), ("detail-type", json("Scheduled Event")),
                ("source", json("aws.events")), ("account", json(account.accountId)), ("time", json(stamp)),
                ("region", json(account.region)), ("resources", "[\(json(schedule.arn(account)))]"), ("detail", "{}"),
            ]
            // Written by hand to keep EventBridge's key order, which JSONSerialization does not.
            return Data(("{" + event.map { "\(json($0.0)):\($0.1)" }.joined(separator: ",") + "}").utf8)
        case .scheduler:
            guard var input = schedule.input else { return Data("{}".utf8) }
            let attributes = [
                ("<aws.scheduler.schedule-arn>", schedule.arn(account)), ("<aws.scheduler.scheduled-time>", stamp),
                ("<aws.scheduler.execution-id>", id), ("<aws.scheduler.attempt-number>", "1"),
            ]
            for (placeholder, value) in attributes { input = input.replacingOccurrences(of: placeholder, with: value) }
            return Data(input.utf8)
        }
    }

    /// `2026-05-01T09:30:00Z`: EventBridge's `time`, to the second.
    public static func timestamp(_ time: Date) -> String {
        let seconds = Int(time.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let (y, mo, d) = CivilCalendar.date(daysSinceEpoch: days)
        let s = seconds - days * 86_400
        return LocalDateTime(year: y, month: mo, day: d, hour: s / 3600, minute: s % 3600 / 60, second: s % 60)
            .description + "Z"
    }

    private static func json(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
