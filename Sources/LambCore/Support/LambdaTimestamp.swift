import Foundation

/// Lambda's timestamp formats.
public enum LambdaTimestamp {
    /// `FunctionConfiguration.LastModified`: `2024-12-28T19:04:46.553+0000`.
    public static func lastModified(_ date: Date) -> String { format(date, zone: "+0000") }

    /// ISO 8601 with milliseconds and `Z`, as log lines use: `2026-01-01T00:00:00.000Z`.
    public static func iso8601(_ date: Date) -> String { format(date, zone: "Z") }

    private static func format(_ date: Date, zone: String) -> String {
        let ms = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let whole = Date(timeIntervalSince1970: Double(ms / 1000))
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: whole)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03d", c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0,
            c.minute ?? 0, c.second ?? 0, ms % 1000) + zone
    }
}
