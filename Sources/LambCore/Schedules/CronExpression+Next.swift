/// The search for the next wall-clock minute a cron expression names. Wall-clock only: turning it into an instant
/// (and daylight-saving gaps and overlaps) is ``ScheduleTimeline``'s part.
extension CronExpression {
    /// The first wall-clock minute strictly after `wall` (whose seconds are ignored) that the expression names, or
    /// `nil` when there is none before the end of 2199.
    func nextWallMinute(after wall: LocalDateTime) -> LocalDateTime? {
        let sortedHours = hours.sorted()
        let sortedMinutes = minutes.sorted()
        var year = wall.year
        var month = wall.month
        var day = wall.day
        // On the first day only minutes after `wall` count; on later days, every matching minute.
        var earliest: (hour: Int, minute: Int)? = (wall.hour, wall.minute)
        while year <= Self.yearField.range.upperBound {
            guard years.contains(year) else {
                (year, month, day, earliest) = (year + 1, 1, 1, nil)
                continue
            }
            guard months.contains(month) else {
                (year, month, day, earliest) = month == 12 ? (year + 1, 1, 1, nil) : (year, month + 1, 1, nil)
                continue
            }
            let length = CivilCalendar.daysIn(month: month, year: year)
            if day <= length && matchesDay(year: year, month: month, day: day, length: length) {
                for hour in sortedHours {
                    if let earliest, hour < earliest.hour { continue }
                    for minute in sortedMinutes {
                        if let earliest, hour == earliest.hour && minute <= earliest.minute { continue }
                        return LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute)
                    }
                }
            }
            earliest = nil
            if day >= length {
                (year, month, day) = month == 12 ? (year + 1, 1, 1) : (year, month + 1, 1)
            } else {
                day += 1
            }
        }
        return nil
    }

    func matchesDay(year: Int, month: Int, day: Int, length: Int) -> Bool {
        switch days {
        case .monthDays(let set):
            return set.contains(day)
        case .lastDayOfMonth:
            return day == length
        case .nearestWeekday(let target):
            return target <= length && day == Self.nearestWeekday(to: target, year: year, month: month, length: length)
        case .lastWeekdayOfMonth:
            return day == Self.nearestWeekday(to: length, year: year, month: month, length: length)
        case .weekdays(let set):
            return set.contains(CivilCalendar.weekday(year: year, month: month, day: day))
        case .lastWeekday(let weekday):
            return day + 7 > length && CivilCalendar.weekday(year: year, month: month, day: day) == weekday
        case .nthWeekday(let weekday, let nth):
            return (day - 1) / 7 + 1 == nth && CivilCalendar.weekday(year: year, month: month, day: day) == weekday
        }
    }

    /// `W`: the weekday (Monday–Friday) nearest `target`, never leaving the month: a Saturday the 1st moves to
    /// Monday the 3rd, a Sunday on the last day to the Friday before.
    static func nearestWeekday(to target: Int, year: Int, month: Int, length: Int) -> Int {
        switch CivilCalendar.weekday(year: year, month: month, day: target) {
        case 7: return target == 1 ? 3 : target - 1
        case 1: return target == length ? target - 2 : target + 1
        default: return target
        }
    }
}
