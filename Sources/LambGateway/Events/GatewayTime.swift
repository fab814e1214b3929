import LambCore
import Synchronization

/// API Gateway's request time, `04/Mar/2020:19:15:17 +0000` (`requestTime`, `time`), computed from epoch
/// milliseconds without Foundation's formatters (locale and time zone cannot leak in).
enum GatewayTime {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    /// The last second formatted: requests come in the same second many at a time.
    private static let last = Mutex<(second: Int64, text: String)>((.min, ""))

    static func format(epochMilliseconds: Int64) -> String {
        let seconds = epochMilliseconds >= 0 ? epochMilliseconds / 1000 : (epochMilliseconds - 999) / 1000
        if let text = last.withLock({ $0.second == seconds ? $0.text : nil }) { return text }
        let text = format(seconds: seconds)
        last.withLock { $0 = (seconds, text) }
        return text
    }

    private static func format(seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = CivilCalendar.date(daysSinceEpoch: Int(days))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(day))/\(months[month - 1])/\(year):\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60))"
            + ":\(two(secondOfDay % 60)) +0000"
    }
}
