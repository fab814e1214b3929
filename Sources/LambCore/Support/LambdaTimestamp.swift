import Foundation

/// Lambda's timestamp formats.
public enum LambdaTimestamp {
    /// `FunctionConfiguration.LastModified`: `2024-12-28T19:04:46.553+0000`.
    public static func lastModified(_ date: Date) -> String {
        let ms = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let c = utcComponents(ms)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03d+0000", c.year, c.month, c.day, c.hour, c.minute, c.second,
            ms % 1000)
    }

    /// ISO 8601 with milliseconds and `Z`, as log lines use: `2026-01-01T00:00:00.000Z`.
    public static func iso8601(_ date: Date) -> String {
        let ms = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let c = utcComponents(ms)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year, c.month, c.day, c.hour, c.minute, c.second,
            ms % 1000)
    }

    private static func utcComponents(_ epochMs: Int) -> (
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    ) {
        let date = Date(timeIntervalSince1970: Double(epochMs / 1000))
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return (c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
