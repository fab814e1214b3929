import Foundation

/// The text of table cells made from JSON values (as `JSONSerialization` reads them): `-` for what is missing, so
/// that every column of every row has a word and `awk '{print $2}'` keeps working.
enum TableCell {
    /// The value at `path` (keys separated by dots: `DestinationConfig.OnSuccess.Destination`).
    static func value(_ object: [String: Any], _ path: String) -> Any? {
        var current: Any? = object
        for key in path.split(separator: ".") {
            current = (current as? [String: Any])?[String(key)]
        }
        return current
    }

    /// Strings as they are, numbers in decimal, lists joined with commas, objects as compact JSON; `-` for a missing
    /// or empty value.
    static func text(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "-"
        case let string as String: return string.isEmpty ? "-" : string
        case let number as NSNumber: return number.stringValue
        case let list as [Any]: return list.isEmpty ? "-" : list.map { text($0) }.joined(separator: ",")
        case let other?:
            let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]
            return (try? JSONSerialization.data(withJSONObject: other, options: options))
                .map { String(decoding: $0, as: UTF8.self) } ?? "\(other)"
        }
    }

    static func text(_ object: [String: Any], _ path: String) -> String { text(value(object, path)) }

    /// A time as `2024-05-01 12:00:00 UTC`, from Lambda's three spellings of times: `2024-05-01T12:00:00.000+0000`
    /// (functions, layers, provisioned concurrency), ISO 8601 with `Z` (function URLs), and epoch seconds
    /// (event invoke configs). Anything else as it came.
    static func time(_ value: Any?) -> String {
        if let number = value as? NSNumber {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            return formatter.string(from: Date(timeIntervalSince1970: number.doubleValue)) + " UTC"
        }
        guard let text = value as? String, text.count >= 19 else { return Self.text(value) }
        guard text.hasSuffix("+0000") || text.hasSuffix("Z") else { return text }
        return text.prefix(19).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    static func time(_ object: [String: Any], _ path: String) -> String { time(value(object, path)) }

    /// The qualifier of a function ARN (`…:function:name:alias`), `$LATEST` for an unqualified one.
    static func qualifier(ofArn arn: Any?) -> String {
        guard let arn = arn as? String else { return "-" }
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 7 ? String(parts[7]) : "$LATEST"
    }
}
