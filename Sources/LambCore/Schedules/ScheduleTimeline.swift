import Foundation

/// When a schedule fires: its expression read in its time zone, between its start and end dates. Pure: every
/// answer is computed from the instant it is given, never from a clock.
///
/// Daylight saving follows EventBridge Scheduler's documented rules: a cron time that does not exist on the day the
/// clocks go forward is skipped; a cron time that happens twice on the day they go back fires once, the first time.
/// Rates count elapsed time (a day is 24 hours across a change). EventBridge rules (`Schedule`) are always UTC.
public struct ScheduleTimeline: Sendable, Equatable {
    public var expression: ScheduleExpression
    public var timeZone: TimeZone
    /// Scheduler's `StartDate`: no firing before it; a rate's firings count from it.
    public var start: Date?
    /// Scheduler's `EndDate`: no firing after it.
    public var end: Date?
    /// Where a rate counts from when there is no start date: when the schedule was created (or Lamb started).
    public var rateOrigin: Date

    public init(
        expression: ScheduleExpression, timeZone: TimeZone = TimeZone(identifier: "UTC")!, start: Date? = nil,
        end: Date? = nil, rateOrigin: Date
    ) {
        self.expression = expression
        self.timeZone = timeZone
        self.start = start
        self.end = end
        self.rateOrigin = rateOrigin
    }

    /// The first firing strictly after `instant`, or `nil` when the schedule has no more.
    public func nextFiring(after instant: Date) -> Date? {
        guard let next = unboundedNext(after: instant) else { return nil }
        if let end, next > end { return nil }
        return next
    }

    /// The next `count` firings after `instant`.
    public func nextFirings(after instant: Date, count: Int) -> [Date] {
        var result: [Date] = []
        var cursor = instant
        while result.count < count, let next = nextFiring(after: cursor) {
            result.append(next)
            cursor = next
        }
        return result
    }

    private func unboundedNext(after instant: Date) -> Date? {
        switch expression {
        case .rate(let rate):
            let origin = start ?? rateOrigin
            if instant < origin { return start == nil ? origin.addingTimeInterval(Double(rate.seconds)) : origin }
            let periods = ((instant.timeIntervalSince(origin)) / Double(rate.seconds)).rounded(.down) + 1
            return origin.addingTimeInterval(periods * Double(rate.seconds))
        case .cron(let cron):
            // Nothing before the start date: search from just before it.
            let from = start.map { max(instant, $0.addingTimeInterval(-0.001)) } ?? instant
            var wall = localTime(of: from)
            // A fall-back day repeats wall times whose first instants are already past: bounded by the hour or
            // two of repeated minutes, plus the minutes of a spring gap.
            for _ in 0..<10_000 {
                guard let next = cron.nextWallMinute(after: wall) else { return nil }
                wall = next
                guard let firing = firstInstant(of: next) else { continue }  // in a spring-forward gap
                if firing > from { return firing }
            }
            return nil
        case .at(let time):
            guard let firing = firstInstant(of: time), firing > instant else { return nil }
            if let start, firing < start { return nil }
            return firing
        }
    }

    /// The wall-clock time of `instant` in the schedule's zone (whole seconds).
    func localTime(of instant: Date) -> LocalDateTime {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let (year, month, day) = CivilCalendar.date(daysSinceEpoch: days)
        let inDay = seconds - days * 86_400
        return LocalDateTime(
            year: year, month: month, day: day, hour: inDay / 3600, minute: inDay % 3600 / 60, second: inDay % 60)
    }

    /// The earliest instant whose wall-clock time in the zone is `wall`; `nil` when the clocks skip it.
    func firstInstant(of wall: LocalDateTime) -> Date? {
        let wallSeconds = wall.wallSeconds
        // Every offset in force within a day either side: a zone changes its offset at most once or twice there.
        let offsets = Set(
            [-86_400, 0, 86_400].map {
                timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wallSeconds + $0)))
            })
        let instants = offsets.compactMap { offset -> Int? in
            let candidate = wallSeconds - offset
            return timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(candidate))) == offset
                ? candidate : nil
        }
        return instants.min().map { Date(timeIntervalSince1970: Double($0)) }
    }
}
