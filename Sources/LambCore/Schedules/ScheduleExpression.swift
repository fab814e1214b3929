/// An EventBridge schedule expression: `rate(...)`, `cron(...)`, or (EventBridge Scheduler only) `at(...)`.
public enum ScheduleExpression: Sendable, Equatable, CustomStringConvertible {
    /// A fixed interval: EventBridge counts it in elapsed time, never in wall-clock time (a day is 24 hours, also
    /// across a daylight-saving change).
    case rate(RateInterval)
    case cron(CronExpression)
    /// A one-time schedule at a wall-clock time of the schedule's time zone.
    case at(LocalDateTime)

    /// Parses `text` as EventBridge does. `at(...)` is accepted only when `allowsAt` (Scheduler's expressions;
    /// EventBridge rules know `rate` and `cron` only).
    public static func parse(_ text: String, allowsAt: Bool) throws(ScheduleExpressionError) -> ScheduleExpression {
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else {
            throw ScheduleExpressionError("expected rate(...), cron(...)\(allowsAt ? " or at(...)" : "")")
        }
        let kind = text[..<open]
        let body = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        switch kind {
        case "rate": return .rate(try RateInterval.parse(body))
        case "cron": return .cron(try CronExpression.parse(body))
        case "at" where allowsAt: return .at(try LocalDateTime.parseAt(body))
        default:
            throw ScheduleExpressionError("expected rate(...), cron(...)\(allowsAt ? " or at(...)" : "")")
        }
    }

    public var description: String {
        switch self {
        case .rate(let rate): "rate(\(rate))"
        case .cron(let cron): "cron(\(cron.text))"
        case .at(let time): "at(\(time))"
        }
    }
}

/// `rate(value unit)`: a positive whole number of minutes, hours or days.
public struct RateInterval: Sendable, Equatable, CustomStringConvertible {
    public enum Unit: String, Sendable, Equatable {
        case minute, hour, day
        var seconds: Int { self == .minute ? 60 : self == .hour ? 3600 : 86_400 }
    }
    public var value: Int
    public var unit: Unit

    public init(value: Int, unit: Unit) {
        self.value = value
        self.unit = unit
    }

    public var seconds: Int { value * unit.seconds }

    /// EventBridge wants the singular for 1 and the plural otherwise: `rate(1 minutes)` and `rate(5 minute)` are
    /// both refused.
    static func parse(_ body: String) throws(ScheduleExpressionError) -> RateInterval {
        let parts = body.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, let value = Int(parts[0]), parts[0].allSatisfy(\.isASCIIDigit) else {
            throw ScheduleExpressionError("rate needs a positive whole number and a unit, as rate(5 minutes)")
        }
        guard value > 0 else { throw ScheduleExpressionError("rate's value must be positive") }
        let word = String(parts[1])
        let singular = word.hasSuffix("s") ? String(word.dropLast()) : word
        guard let unit = Unit(rawValue: singular) else {
            throw ScheduleExpressionError("rate's unit must be minute(s), hour(s) or day(s), not \(word)")
        }
        if value == 1 && word != singular {
            throw ScheduleExpressionError("a rate of 1 takes the singular unit: rate(1 \(singular))")
        }
        if value != 1 && word == singular {
            throw ScheduleExpressionError("a rate above 1 takes the plural unit: rate(\(value) \(singular)s)")
        }
        return RateInterval(value: value, unit: unit)
    }

    public var description: String { "\(value) \(unit.rawValue)\(value == 1 ? "" : "s")" }
}

/// A wall-clock date and time with no zone (`at(2026-05-01T09:30:00)`): a time zone turns it into an instant.
public struct LocalDateTime: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// `yyyy-mm-ddThh:mm:ss`, exactly.
    static func parseAt(_ body: String) throws(ScheduleExpressionError) -> LocalDateTime {
        let bytes = Array(body.utf8)
        let shape = "dddd-dd-ddTdd:dd:dd"
        let matches =
            bytes.count == shape.utf8.count
            && zip(bytes, shape.utf8).allSatisfy { byte, expected in
                expected == UInt8(ascii: "d") ? (48...57).contains(byte) : byte == expected
            }
        guard matches else { throw ScheduleExpressionError("at needs yyyy-mm-ddThh:mm:ss, as at(2026-05-01T09:30:00)") }
        func number(_ from: Int, _ count: Int) -> Int {
            Int(String(decoding: bytes[from..<from + count], as: UTF8.self))!
        }
        let time = LocalDateTime(
            year: number(0, 4), month: number(5, 2), day: number(8, 2), hour: number(11, 2), minute: number(14, 2),
            second: number(17, 2))
        guard (1...12).contains(time.month),
            (1...CivilCalendar.daysIn(month: time.month, year: time.year)).contains(time.day),
            time.hour < 24, time.minute < 60, time.second < 60
        else { throw ScheduleExpressionError("\(body) is not a date and time that exists") }
        return time
    }

    /// Seconds since 1970-01-01T00:00:00 of this wall-clock time read as UTC.
    var wallSeconds: Int {
        CivilCalendar.daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { a.wallSeconds < b.wallSeconds }

    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let y = String(repeating: "0", count: max(0, 4 - "\(year)".count)) + "\(year)"
        return "\(y)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))"
    }
}
