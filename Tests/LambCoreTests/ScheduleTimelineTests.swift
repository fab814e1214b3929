import Foundation
import LambCore
import Testing

/// `"2026-03-01 09:59"` (UTC) as an instant.
private func utc(_ text: String) -> Date {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = text.count > 16 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm"
    return formatter.date(from: text)!
}

private func timeline(
    _ text: String, zone: String = "UTC", start: String? = nil, end: String? = nil, origin: String = "2026-01-01 00:00"
) throws -> ScheduleTimeline {
    ScheduleTimeline(
        expression: try ScheduleExpression.parse(text, allowsAt: true), timeZone: TimeZone(identifier: zone)!,
        start: start.map(utc), end: end.map(utc), rateOrigin: utc(origin))
}

@Suite("Schedule timelines: the next firing after an instant")
struct ScheduleTimelineTests {
    @Test(
        "cron in UTC: every field, L, W, #, names, wrapping ranges, leap years",
        arguments: [
            ("cron(0 10 * * ? *)", "2026-03-01 09:59", "2026-03-01 10:00"),
            ("cron(0 10 * * ? *)", "2026-03-01 10:00", "2026-03-02 10:00"),
            ("cron(0 10 * * ? *)", "2026-03-01 10:00:30", "2026-03-02 10:00"),
            ("cron(* * * * ? *)", "2026-03-01 10:00:30", "2026-03-01 10:01"),
            ("cron(0/15 * * * ? *)", "2026-03-01 10:07", "2026-03-01 10:15"),
            ("cron(0/15 * * * ? *)", "2026-03-01 10:45", "2026-03-01 11:00"),
            ("cron(5/20 * * * ? *)", "2026-03-01 10:45", "2026-03-01 11:05"),
            ("cron(10-20/5 * * * ? *)", "2026-03-01 10:16", "2026-03-01 10:20"),
            ("cron(0 22-2 * * ? *)", "2026-03-01 02:00", "2026-03-01 22:00"),
            ("cron(0 22-2 * * ? *)", "2026-03-01 23:00", "2026-03-02 00:00"),
            ("cron(59 23 31 12 ? *)", "2026-12-31 23:59", "2027-12-31 23:59"),
            // Leap years: 2028 is one, 2100 is not, 2000 was.
            ("cron(0 12 29 2 ? *)", "2025-01-01 00:00", "2028-02-29 12:00"),
            ("cron(0 12 29 2 ? *)", "2096-03-01 00:00", "2104-02-29 12:00"),
            ("cron(0 0 L * ? *)", "2024-02-01 00:00", "2024-02-29 00:00"),
            ("cron(0 0 L * ? *)", "2023-02-01 00:00", "2023-02-28 00:00"),
            ("cron(0 0 L * ? *)", "2026-04-30 00:00", "2026-05-31 00:00"),
            ("cron(0 0 L 2 ? 2100)", "2026-01-01 00:00", "2100-02-28 00:00"),
            // W: nearest weekday, never leaving the month.
            ("cron(0 9 15W * ? *)", "2026-03-01 00:00", "2026-03-16 09:00"),  // the 15th is a Sunday
            ("cron(0 9 1W * ? *)", "2026-07-02 00:00", "2026-08-03 09:00"),  // Saturday the 1st: Monday the 3rd
            ("cron(0 9 31W * ? *)", "2026-03-31 10:00", "2026-05-29 09:00"),  // no April 31; Sunday May 31: Friday
            ("cron(0 9 31W * ? *)", "2026-05-29 09:00", "2026-07-31 09:00"),  // no June 31
            ("cron(0 9 LW * ? *)", "2026-05-01 00:00", "2026-05-29 09:00"),  // May ends on a Sunday
            ("cron(0 9 LW * ? *)", "2026-01-01 00:00", "2026-01-30 09:00"),  // January ends on a Saturday
            ("cron(0 9 LW * ? *)", "2026-03-01 00:00", "2026-03-31 09:00"),  // a Tuesday
            // Day of week: 1 = Sunday.
            ("cron(0 9 ? * 1 *)", "2026-03-02 00:00", "2026-03-08 09:00"),
            ("cron(0 9 ? * MON-FRI *)", "2026-03-06 10:00", "2026-03-09 09:00"),
            ("cron(0 9 ? * FRI-MON *)", "2026-03-09 10:00", "2026-03-13 09:00"),
            ("cron(0 9 ? * FRI-MON *)", "2026-03-13 10:00", "2026-03-14 09:00"),
            ("cron(0 9 ? * mon *)", "2026-03-01 00:00", "2026-03-02 09:00"),
            ("cron(0 9 ? * L *)", "2026-03-01 00:00", "2026-03-07 09:00"),  // L alone: Saturday
            ("cron(0 9 ? * 6L *)", "2026-03-01 00:00", "2026-03-27 09:00"),  // last Friday
            ("cron(0 9 ? * 6L *)", "2026-03-27 09:00", "2026-04-24 09:00"),
            ("cron(0 9 ? * 3#2 *)", "2026-03-01 00:00", "2026-03-10 09:00"),  // second Tuesday
            ("cron(0 9 ? * 2#5 *)", "2026-03-01 00:00", "2026-03-30 09:00"),  // fifth Monday
            ("cron(0 9 ? * 2#5 *)", "2026-03-31 00:00", "2026-06-29 09:00"),  // April and May have none
            ("cron(0 0 1 JAN,JUL ? *)", "2026-01-01 00:00", "2026-07-01 00:00"),
            ("cron(0 0 1 1 ? 2030-2032)", "2026-05-01 00:00", "2030-01-01 00:00"),
            ("cron(0 0 1 1 ? 1970/50)", "2026-05-01 00:00", "2070-01-01 00:00"),
        ])
    func cronUTC(expression: String, after: String, expected: String) throws {
        #expect(try timeline(expression).nextFiring(after: utc(after)) == utc(expected))
    }

    @Test(
        "a schedule with no more firings answers nil",
        arguments: [
            ("cron(0 0 1 1 ? 2199)", "2199-01-01 00:00"),
            ("cron(0 0 1 1 ? 2026)", "2026-06-01 00:00"),
            ("cron(0 0 30 2 ? *)", "2026-01-01 00:00"),  // February never has a 30th
            ("at(2026-05-01T09:30:00)", "2026-05-01 09:30"),
        ])
    func exhausted(expression: String, after: String) throws {
        #expect(try timeline(expression).nextFiring(after: utc(after)) == nil)
    }

    @Test(
        "time zones and daylight saving as EventBridge Scheduler documents: gaps skipped, repeats fire once",
        arguments: [
            ("cron(0 9 * * ? *)", "Asia/Kolkata", "2026-03-01 00:00", "2026-03-01 03:30"),
            ("cron(0 9 * * ? *)", "America/New_York", "2026-03-01 00:00", "2026-03-01 14:00"),  // EST
            ("cron(0 9 * * ? *)", "America/New_York", "2026-03-08 14:30", "2026-03-09 13:00"),  // EDT
            // 2026-03-08 02:30 does not exist in New York: skipped, next day instead.
            ("cron(30 2 * * ? *)", "America/New_York", "2026-03-07 08:00", "2026-03-09 06:30"),
            ("cron(30 1 * * ? *)", "Europe/London", "2026-03-28 02:00", "2026-03-30 00:30"),
            // 2026-11-01 01:30 happens twice in New York: once, the first time (EDT).
            ("cron(30 1 * * ? *)", "America/New_York", "2026-11-01 04:00", "2026-11-01 05:30"),
            ("cron(30 1 * * ? *)", "America/New_York", "2026-11-01 05:30", "2026-11-02 06:30"),
            ("cron(0 * * * ? *)", "America/New_York", "2026-11-01 05:00", "2026-11-01 07:00"),
            ("cron(0 * * * ? *)", "America/New_York", "2026-11-01 06:10", "2026-11-01 07:00"),
            ("at(2026-05-01T09:30:00)", "Europe/Berlin", "2026-01-01 00:00", "2026-05-01 07:30"),
        ])
    func zones(expression: String, zone: String, after: String, expected: String) throws {
        #expect(try timeline(expression, zone: zone).nextFiring(after: utc(after)) == utc(expected))
    }

    @Test("a one-time schedule in a spring-forward gap never fires")
    func atInGap() throws {
        #expect(
            try timeline("at(2026-03-08T02:30:00)", zone: "America/New_York").nextFiring(after: utc("2026-01-01 00:00"))
                == nil)
    }

    @Test(
        "rates count elapsed time from the start date or the origin, across daylight saving too",
        arguments: [
            ("rate(5 minutes)", "UTC", nil, "2026-01-01 00:00", "2026-01-01 00:05"),
            ("rate(5 minutes)", "UTC", nil, "2026-01-01 00:07", "2026-01-01 00:10"),
            ("rate(1 minute)", "UTC", nil, "2025-12-31 00:00", "2026-01-01 00:01"),
            ("rate(1 hour)", "UTC", nil, "2026-01-01 05:00", "2026-01-01 06:00"),
            ("rate(2 days)", "UTC", nil, "2026-01-02 12:00", "2026-01-03 00:00"),
            // With a start date the first firing is the start itself.
            ("rate(1 day)", "America/New_York", "2026-03-07 17:00", "2026-01-01 00:00", "2026-03-07 17:00"),
            // A day is 24 hours: 12:00 EST becomes 13:00 EDT.
            ("rate(1 day)", "America/New_York", "2026-03-07 17:00", "2026-03-07 17:00", "2026-03-08 17:00"),
        ] as [(String, String, String?, String, String)])
    func rates(expression: String, zone: String, start: String?, after: String, expected: String) throws {
        #expect(try timeline(expression, zone: zone, start: start).nextFiring(after: utc(after)) == utc(expected))
    }

    @Test("start and end dates bound a cron schedule")
    func bounds() throws {
        let daily = try timeline("cron(0 10 * * ? *)", start: "2026-06-10 00:00", end: "2026-06-11 00:00")
        #expect(daily.nextFiring(after: utc("2026-01-01 00:00")) == utc("2026-06-10 10:00"))
        #expect(daily.nextFiring(after: utc("2026-06-10 10:00")) == nil)
        let startingOnTheMinute = try timeline("cron(0 10 * * ? *)", start: "2026-06-10 10:00")
        #expect(startingOnTheMinute.nextFiring(after: utc("2026-01-01 00:00")) == utc("2026-06-10 10:00"))
    }

    @Test("the next three firings")
    func nextThree() throws {
        let firings = try timeline("cron(0 9 ? * MON-FRI *)").nextFirings(after: utc("2026-03-06 08:00"), count: 3)
        #expect(firings == [utc("2026-03-06 09:00"), utc("2026-03-09 09:00"), utc("2026-03-10 09:00")])
        #expect(
            try timeline("at(2026-05-01T09:30:00)").nextFirings(after: utc("2026-01-01 00:00"), count: 3).count == 1)
    }
}
