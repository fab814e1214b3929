import Foundation
import LambCore

/// Lambda's 4 KB limit on a function's environment variables, checked before the function is created so that the
/// user hears which variables are too big (Lamb's CreateFunction would refuse them too, but with Lambda's terse
/// message) instead of anything being cut short.
///
/// Lambda measures the variables as the JSON object it stores, `{"KEY":"value",...}`, keys sorted and `/` not
/// escaped, in UTF-8 bytes: the same measure as Lamb's own validation of `Environment.Variables`.
public struct EnvironmentSizeCheck: Sendable, Equatable {
    /// The measured size in bytes.
    public let measuredBytes: Int
    public let limitBytes: Int
    /// The variables by their share of the size (`"KEY":"value",`), largest first.
    public let largest: [(key: String, bytes: Int)]

    public init(_ variables: [String: String], limitBytes: Int = Quotas.environmentBytes) {
        measuredBytes = Self.json(variables).utf8.count
        self.limitBytes = limitBytes
        largest = variables.map { ($0.key, Self.json([$0.key: $0.value]).utf8.count - 1) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            .map { (key: $0.0, bytes: $0.1) }
    }

    public var isWithinLimit: Bool { measuredBytes <= limitBytes }

    /// `nil` within the limit; otherwise a message for the user naming the function and its largest variables.
    public func problem(functionName: String) -> String? {
        guard !isWithinLimit else { return nil }
        let top = largest.prefix(3).map { "\($0.key) (\($0.bytes) bytes)" }.joined(separator: ", ")
        return "\(functionName): its environment variables take \(measuredBytes) bytes, more than Lambda's limit of "
            + "\(limitBytes) bytes (counted as the JSON object {\"KEY\":\"value\",...} Lambda stores); the largest are "
            + "\(top)"
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.measuredBytes == rhs.measuredBytes && lhs.limitBytes == rhs.limitBytes
            && lhs.largest.map(\.key) == rhs.largest.map(\.key) && lhs.largest.map(\.bytes) == rhs.largest.map(\.bytes)
    }

    static func json(_ variables: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(variables)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
