import Foundation

/// Lambda's public prices that `lamb stats` estimates a bill with: us-east-1, first pricing tier, as published in
/// 2025. One table, replaceable as a whole with `lamb serve --prices FILE` (the same shape as JSON; `lamb stats
/// --print-prices` prints this one to start from).
public struct LambdaPrices: Sendable, Equatable, Codable {
    public struct Architecture: Sendable, Equatable, Codable {
        /// On-demand duration, per GB-second (init included for on-demand cold starts, as billed since August 2025).
        public var durationPerGBSecond: Double
        /// Provisioned concurrency kept ready, per GB-second configured.
        public var provisionedConcurrencyPerGBSecond: Double
        /// Duration of invocations served by provisioned concurrency, per GB-second.
        public var provisionedDurationPerGBSecond: Double
    }

    public struct FreeTier: Sendable, Equatable, Codable {
        public var requests: Double
        public var gigabyteSeconds: Double
    }

    public var region: String
    public var publishedAt: String
    public var currency: String
    public var requestsPerMillion: Double
    public var x86_64: Architecture
    public var arm64: Architecture
    /// SnapStart: the cached snapshot of each published version, per GB-second (at least 3 hours), and each
    /// restore, per GB restored.
    public var snapStartCachePerGBSecond: Double
    public var snapStartRestorePerGB: Double
    public var snapStartMinimumCacheSeconds: Double
    /// Per month, shared by x86_64 and arm64 (applied to the whole period when asked for).
    public var freeTier: FreeTier

    public static let published = LambdaPrices(
        region: "us-east-1", publishedAt: "2025", currency: "USD", requestsPerMillion: 0.20,
        x86_64: Architecture(
            durationPerGBSecond: 0.000_016_666_7, provisionedConcurrencyPerGBSecond: 0.000_004_166_7,
            provisionedDurationPerGBSecond: 0.000_009_722_2),
        arm64: Architecture(
            durationPerGBSecond: 0.000_013_333_4, provisionedConcurrencyPerGBSecond: 0.000_003_333_4,
            provisionedDurationPerGBSecond: 0.000_007_777_8),
        snapStartCachePerGBSecond: 0.000_001_504_6, snapStartRestorePerGB: 0.000_139_799_8,
        snapStartMinimumCacheSeconds: 3 * 3600,
        freeTier: FreeTier(requests: 1_000_000, gigabyteSeconds: 400_000))

    public func architecture(_ name: String) -> Architecture { name == "arm64" ? arm64 : x86_64 }
}
