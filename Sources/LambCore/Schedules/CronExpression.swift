/// EventBridge's six-field cron: `Minutes Hours Day-of-month Month Day-of-week Year`, parsed into the sets of values
/// each field allows plus the special day rules (`L`, `W`, `#`).
public struct CronExpression: Sendable, Equatable {
    /// The fields as written, for display.
    public var text: String
    var minutes: Set<Int>
    var hours: Set<Int>
    var months: Set<Int>
    var years: Set<Int>
    /// Exactly one of the two day fields is `?`; this is the other one.
    var days: DayRule

    /// How the day is chosen: by day of month or by day of week.
    enum DayRule: Sendable, Equatable {
        /// Plain days of month (1–31; a day a month lacks never matches).
        case monthDays(Set<Int>)
        /// `L`: the month's last day.
        case lastDayOfMonth
        /// `15W`: the weekday nearest the 15th, in the same month.
        case nearestWeekday(Int)
        /// `LW`: the month's last weekday (Monday to Friday).
        case lastWeekdayOfMonth
        /// Plain weekdays, 1 = Sunday ... 7 = Saturday.
        case weekdays(Set<Int>)
        /// `5L`: the month's last such weekday.
        case lastWeekday(Int)
        /// `3#2`: the month's `nth` such weekday (none in a month that has fewer).
        case nthWeekday(weekday: Int, nth: Int)
    }

    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let weekdayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    /// One field's name, bounds and the names it accepts for its values.
    struct Field {
        var name: String
        var range: ClosedRange<Int>
        var names: [String] = []
        /// Ranges may wrap (`FRI-MON`, `22-2`) in a field whose values go round.
        var wraps = true
    }

    static let minuteField = Field(name: "minutes", range: 0...59)
    static let hourField = Field(name: "hours", range: 0...23)
    static let dayOfMonthField = Field(name: "day-of-month", range: 1...31)
    static let monthField = Field(name: "month", range: 1...12, names: monthNames)
    static let dayOfWeekField = Field(name: "day-of-week", range: 1...7, names: weekdayNames)
    static let yearField = Field(name: "year", range: 1970...2199, wraps: false)

    /// Parses the text between `cron(` and `)`.
    public static func parse(_ body: String) throws(ScheduleExpressionError) -> CronExpression {
        let fields = body.split(separator: " ").map { String($0) }
        guard fields.count == 6 else {
            throw ScheduleExpressionError(
                "cron needs 6 fields (minutes hours day-of-month month day-of-week year), not \(fields.count)")
        }
        let dayOfMonth = fields[2].uppercased()
        let dayOfWeek = fields[4].uppercased()
        switch (dayOfMonth == "?", dayOfWeek == "?") {
        case (true, true):
            throw ScheduleExpressionError("day-of-month and day-of-week cannot both be ?; one of them must be")
        case (false, false):
            throw ScheduleExpressionError("day-of-month and day-of-week cannot both be specified; one must be ?")
        case (false, true): break
        case (true, false): break
        }
        let days = dayOfMonth == "?" ? try weekdayRule(dayOfWeek) : try monthDayRule(dayOfMonth)
        return CronExpression(
            text: fields.joined(separator: " "),
            minutes: try values(fields[0], minuteField), hours: try values(fields[1], hourField),
            months: try values(fields[3].uppercased(), monthField), years: try values(fields[5], yearField),
            days: days)
    }

    private static func monthDayRule(_ text: String) throws(ScheduleExpressionError) -> DayRule {
        if text == "L" { return .lastDayOfMonth }
        if text == "LW" { return .lastWeekdayOfMonth }
        if text.hasSuffix("W") {
            guard let day = Int(text.dropLast()), dayOfMonthField.range.contains(day) else {
                throw ScheduleExpressionError("W follows one day of month (1-31), as 15W, not \(text)")
            }
            return .nearestWeekday(day)
        }
        if text.contains("L") || text.contains("W") {
            throw ScheduleExpressionError("day-of-month takes L, LW or nW alone, not \(text)")
        }
        return .monthDays(try values(text, dayOfMonthField))
    }

    private static func weekdayRule(_ text: String) throws(ScheduleExpressionError) -> DayRule {
        // A lone L in day-of-week is its last value, Saturday.
        if text == "L" { return .weekdays([7]) }
        if text.hasSuffix("L") {
            guard let day = try? value(String(text.dropLast()), dayOfWeekField) else {
                throw ScheduleExpressionError("L follows one day of week (1-7 or SUN-SAT), as 6L, not \(text)")
            }
            return .lastWeekday(day)
        }
        if let hash = text.firstIndex(of: "#") {
            guard let day = try? value(String(text[..<hash]), dayOfWeekField),
                let nth = Int(text[text.index(after: hash)...]), (1...5).contains(nth)
            else {
                throw ScheduleExpressionError("# takes a day of week and a week from 1 to 5, as 3#2, not \(text)")
            }
            return .nthWeekday(weekday: day, nth: nth)
        }
        if text.contains("L") {
            throw ScheduleExpressionError("day-of-week takes L alone or after one day, not \(text)")
        }
        return .weekdays(try values(text, dayOfWeekField))
    }

    /// A list of `*`, `n`, `a-b`, each optionally `/step`.
    static func values(_ text: String, _ field: Field) throws(ScheduleExpressionError) -> Set<Int> {
        var result = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let parts = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count <= 2, !parts[0].isEmpty else {
                throw ScheduleExpressionError("\(field.name) has an empty or malformed entry: \(text)")
            }
            var step = 1
            if parts.count == 2 {
                // Quartz's bound, which EventBridge keeps: `*/60` in minutes is refused.
                let largest = field.wraps ? field.range.upperBound : field.range.count
                guard parts[1].allSatisfy(\.isASCIIDigit), let parsed = Int(parts[1]), (1...largest).contains(parsed)
                else {
                    throw ScheduleExpressionError(
                        "\(field.name)'s increment must be between 1 and \(largest), not \(parts[1])")
                }
                step = parsed
            }
            let (start, end): (Int, Int)
            if parts[0] == "*" {
                (start, end) = (field.range.lowerBound, field.range.upperBound)
            } else if let dash = parts[0].firstIndex(of: "-") {
                start = try value(String(parts[0][..<dash]), field)
                end = try value(String(parts[0][parts[0].index(after: dash)...]), field)
                if end < start && !field.wraps {
                    throw ScheduleExpressionError("\(field.name) range \(parts[0]) goes backwards")
                }
            } else {
                start = try value(parts[0], field)
                // `5/15` means from 5 to the field's end, every 15.
                end = parts.count == 2 ? field.range.upperBound : start
            }
            // A wrapping range (`22-2`) goes past the top and round to the bottom.
            let span = end >= start ? end - start : field.range.count - start + end
            var offset = 0
            while offset <= span {
                let raw = start + offset
                result.insert(raw > field.range.upperBound ? raw - field.range.count : raw)
                offset += step
            }
        }
        return result
    }

    /// One value: a number in the field's range, or one of its names (case-insensitive).
    static func value(_ text: String, _ field: Field) throws(ScheduleExpressionError) -> Int {
        if let index = field.names.firstIndex(of: text.uppercased()) { return field.range.lowerBound + index }
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let number = Int(text), field.range.contains(number)
        else {
            let names = field.names.isEmpty ? "" : " or \(field.names.first!)-\(field.names.last!)"
            throw ScheduleExpressionError(
                "\(field.name) must be \(field.range.lowerBound)-\(field.range.upperBound)\(names), not \(text)")
        }
        return number
    }
}
