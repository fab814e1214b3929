import Foundation

/// What Lamb keeps about a log group besides its events: when it was made (by `CreateLogGroup`, or first seen
/// with a retention or tags), how long its events are kept, and its tags.
public struct LogGroupSettings: Sendable, Equatable, Codable {
    public var name: String
    public var createdAt: Date
    public var retentionInDays: Int?
    public var tags: [String: String]

    public init(name: String, createdAt: Date = Date(), retentionInDays: Int? = nil, tags: [String: String] = [:]) {
        self.name = name
        self.createdAt = createdAt
        self.retentionInDays = retentionInDays
        self.tags = tags
    }

    /// The retention periods CloudWatch Logs accepts, in days.
    public static let retentionDays: Set<Int> = [
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
    ]

    /// The oldest event timestamp (epoch ms) the retention keeps at `now`; `nil` when events never expire.
    public func oldestKept(now: Date = Date()) -> Int64? {
        guard let days = retentionInDays else { return nil }
        return Int64(now.timeIntervalSince1970 * 1000) - Int64(days) * 86_400_000
    }
}
