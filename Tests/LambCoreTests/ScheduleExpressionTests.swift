import Foundation
import LambCore
import Testing

@Suite("Schedule expressions: parsing and EventBridge's refusals")
struct ScheduleExpressionTests {
    @Test(
        "valid expressions parse and print back",
        arguments: [
            ("rate(1 minute)", false), ("rate(5 minutes)", false), ("rate(1 hour)", false), ("rate(12 hours)", false),
            ("rate(1 day)", false), ("rate(7 days)", false), ("cron(0 10 * * ? *)", false),
            ("cron(0/15 * * * ? *)", false), ("cron(0 9 ? * MON-FRI *)", false), ("cron(0 9 ? * mon *)", false),
            ("cron(0 0 L * ? *)", false), ("cron(0 9 15W * ? *)", false), ("cron(0 9 LW * ? *)", false),
            ("cron(0 9 ? * 6L *)", false), ("cron(0 9 ? * 3#2 *)", false), ("cron(0 9 ? * L *)", false),
            ("cron(0 0 1 JAN,JUL ? 2026-2030)", false), ("cron(0 22-2 * * ? *)", false),
            ("cron(5,10-20/5,*/30 * * * ? *)", false), ("at(2026-05-01T09:30:00)", true),
        ])
    func parses(text: String, allowsAt: Bool) throws {
        let expression = try ScheduleExpression.parse(text, allowsAt: allowsAt)
        #expect(expression.description == text)
    }

    @Test(
        "invalid expressions get EventBridge's message and the reason",
        arguments: [
            ("rate(1 minutes)", "a rate of 1 takes the singular unit: rate(1 minute)"),
            ("rate(5 minute)", "a rate above 1 takes the plural unit: rate(5 minutes)"),
            ("rate(2 day)", "a rate above 1 takes the plural unit: rate(2 days)"),
            ("rate(0 minutes)", "rate's value must be positive"),
            ("rate(-1 minutes)", "rate needs a positive whole number and a unit, as rate(5 minutes)"),
            ("rate(five minutes)", "rate needs a positive whole number and a unit, as rate(5 minutes)"),
            ("rate(5  minutes)", "rate needs a positive whole number and a unit, as rate(5 minutes)"),
            ("rate(2 weeks)", "rate's unit must be minute(s), hour(s) or day(s), not weeks"),
            ("cron(0 10 * * *)", "cron needs 6 fields (minutes hours day-of-month month day-of-week year), not 5"),
            ("cron(0 10 * * ? * *)", "cron needs 6 fields (minutes hours day-of-month month day-of-week year), not 7"),
            ("cron(0 10 * * * *)", "day-of-month and day-of-week cannot both be specified; one must be ?"),
            ("cron(7 20 * * 1-7 *)", "day-of-month and day-of-week cannot both be specified; one must be ?"),
            ("cron(0 10 ? * ? *)", "day-of-month and day-of-week cannot both be ?; one of them must be"),
            ("cron(60 10 * * ? *)", "minutes must be 0-59, not 60"),
            ("cron(*/60 * * * ? *)", "minutes's increment must be between 1 and 59, not 60"),
            ("cron(*/0 * * * ? *)", "minutes's increment must be between 1 and 59, not 0"),
            ("cron(0 24 * * ? *)", "hours must be 0-23, not 24"),
            ("cron(0 0 32 * ? *)", "day-of-month must be 1-31, not 32"),
            ("cron(0 0 0 * ? *)", "day-of-month must be 1-31, not 0"),
            ("cron(0 0 * 13 ? *)", "month must be 1-12 or JAN-DEC, not 13"),
            ("cron(0 0 * FOO ? *)", "month must be 1-12 or JAN-DEC, not FOO"),
            ("cron(0 0 ? * 8 *)", "day-of-week must be 1-7 or SUN-SAT, not 8"),
            ("cron(0 0 ? * 0 *)", "day-of-week must be 1-7 or SUN-SAT, not 0"),
            ("cron(0 0 * * ? 1969)", "year must be 1970-2199, not 1969"),
            ("cron(0 0 * * ? 2200)", "year must be 1970-2199, not 2200"),
            ("cron(0 0 * * ? 2030-2026)", "year range 2030-2026 goes backwards"),
            ("cron(0 0 ? * 3#6 *)", "# takes a day of week and a week from 1 to 5, as 3#2, not 3#6"),
            ("cron(0 0 ? * 3#0 *)", "# takes a day of week and a week from 1 to 5, as 3#2, not 3#0"),
            ("cron(0 0 ? * 9L *)", "L follows one day of week (1-7 or SUN-SAT), as 6L, not 9L"),
            ("cron(0 0 ? * 1,L *)", "L follows one day of week (1-7 or SUN-SAT), as 6L, not 1,L"),
            ("cron(0 0 1-5W * ? *)", "W follows one day of month (1-31), as 15W, not 1-5W"),
            ("cron(0 0 32W * ? *)", "W follows one day of month (1-31), as 15W, not 32W"),
            ("cron(0 0 L-3 * ? *)", "day-of-month takes L, LW or nW alone, not L-3"),
            ("cron(0,,5 0 * * ? *)", "minutes has an empty or malformed entry: 0,,5"),
            ("cron(0 0 1/2/3 * ? *)", "day-of-month has an empty or malformed entry: 1/2/3"),
            ("every 5 minutes", "expected rate(...), cron(...)"),
            ("at(2026-05-01T09:30:00)", "expected rate(...), cron(...)"),
            ("Rate(5 minutes)", "expected rate(...), cron(...)"),
        ])
    func refuses(text: String, reason: String) {
        #expect(throws: ScheduleExpressionError(reason)) { try ScheduleExpression.parse(text, allowsAt: false) }
        let message = ScheduleExpressionError(reason).message
        #expect(message == "Parameter ScheduleExpression is not valid. (\(reason))")
    }

    @Test(
        "at(...) is Scheduler's only, with an exact date that exists",
        arguments: [
            ("at(2026-02-30T09:30:00)", "2026-02-30T09:30:00 is not a date and time that exists"),
            ("at(2026-02-29T00:00:00)", "2026-02-29T00:00:00 is not a date and time that exists"),
            ("at(2026-05-01T24:00:00)", "2026-05-01T24:00:00 is not a date and time that exists"),
            ("at(2026-05-01 09:30:00)", "at needs yyyy-mm-ddThh:mm:ss, as at(2026-05-01T09:30:00)"),
            ("at(2026-05-01T09:30)", "at needs yyyy-mm-ddThh:mm:ss, as at(2026-05-01T09:30:00)"),
            ("every(5)", "expected rate(...), cron(...) or at(...)"),
        ])
    func refusesAt(text: String, reason: String) {
        #expect(throws: ScheduleExpressionError(reason)) { try ScheduleExpression.parse(text, allowsAt: true) }
    }

    @Test("a leap day parses in a leap year")
    func leapDayAt() throws {
        #expect(
            try ScheduleExpression.parse("at(2028-02-29T00:00:00)", allowsAt: true).description
                == "at(2028-02-29T00:00:00)")
    }
}
