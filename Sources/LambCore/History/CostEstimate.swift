import Foundation

/// An estimated Lambda bill for a set of invocations (and what stayed provisioned meanwhile), at ``LambdaPrices``.
/// Durations are Lamb's, measured on this machine: the figures say what Lambda would charge for these timings, not
/// what the same code would take on Lambda.
public struct CostEstimate: Sendable, Equatable, Codable {
    /// One function's figures.
    public struct Usage: Sendable, Equatable, Codable {
        public var function: String
        /// Invocations that ran (throttles are not requests Lambda bills).
        public var invocations = 0
        public var errors = 0
        public var throttles = 0
        public var coldStarts = 0
        public var restores = 0
        /// Billed on-demand GB-seconds (init included for cold starts).
        public var gigabyteSeconds = 0.0
        /// Billed GB-seconds of invocations served by provisioned concurrency.
        public var provisionedGigabyteSeconds = 0.0
        /// GB restored from SnapStart snapshots.
        public var restoredGigabytes = 0.0
        public var requestCost = 0.0
        public var durationCost = 0.0
        public var provisionedDurationCost = 0.0
        public var restoreCost = 0.0

        public init(function: String) { self.function = function }

        public var total: Double { requestCost + durationCost + provisionedDurationCost + restoreCost }
    }

    /// Provisioned concurrency or a SnapStart cache held over the period: a charge that does not come from an
    /// invocation.
    public struct Standing: Sendable, Equatable, Codable {
        public var function: String
        public var qualifier: String
        /// `provisioned-concurrency` or `snapstart-cache`.
        public var kind: String
        public var gigabyteSeconds: Double
        public var cost: Double

        public init(function: String, qualifier: String, kind: String, gigabyteSeconds: Double, cost: Double) {
            self.function = function
            self.qualifier = qualifier
            self.kind = kind
            self.gigabyteSeconds = gigabyteSeconds
            self.cost = cost
        }
    }

    public var functions: [Usage]
    public var standing: [Standing]
    /// Taken off the total when the free tier is applied (requests and GB-seconds, x86_64 prices).
    public var freeTierCredit: Double
    public var total: Double
    public var currency: String

    /// Sums `records` by function and prices them; `standing` charges are added as they are.
    public static func estimate(
        _ records: [InvocationRecord], standing: [Standing] = [], prices: LambdaPrices, applyFreeTier: Bool = false
    ) -> CostEstimate {
        var byFunction: [String: Usage] = [:]
        for record in records {
            var usage = byFunction[record.function] ?? Usage(function: record.function)
            add(record, to: &usage, prices: prices)
            byFunction[record.function] = usage
        }
        let functions = byFunction.values.sorted { $0.function < $1.function }
        var total = functions.reduce(0) { $0 + $1.total } + standing.reduce(0) { $0 + $1.cost }
        var credit = 0.0
        if applyFreeTier {
            let requests = Double(functions.reduce(0) { $0 + $1.invocations })
            let seconds = functions.reduce(0) { $0 + $1.gigabyteSeconds }
            credit =
                min(requests, prices.freeTier.requests) / 1_000_000 * prices.requestsPerMillion
                + min(seconds, prices.freeTier.gigabyteSeconds) * prices.x86_64.durationPerGBSecond
            credit = min(credit, total)
            total -= credit
        }
        return CostEstimate(
            functions: functions, standing: standing, freeTierCredit: credit, total: total, currency: prices.currency)
    }

    static func add(_ record: InvocationRecord, to usage: inout Usage, prices: LambdaPrices) {
        guard record.outcome != .throttled else {
            usage.throttles += 1
            return
        }
        let architecture = prices.architecture(record.architecture)
        usage.invocations += 1
        usage.requestCost += prices.requestsPerMillion / 1_000_000
        if record.outcome != .success { usage.errors += 1 }
        switch record.startKind {
        case .cold: usage.coldStarts += 1
        case .restore: usage.restores += 1
        default: break
        }
        let gbSeconds = record.gigabyteSeconds
        if record.startKind == .provisioned {
            usage.provisionedGigabyteSeconds += gbSeconds
            usage.provisionedDurationCost += gbSeconds * architecture.provisionedDurationPerGBSecond
        } else {
            usage.gigabyteSeconds += gbSeconds
            usage.durationCost += gbSeconds * architecture.durationPerGBSecond
        }
        if record.startKind == .restore {
            let gigabytes = Double(record.memorySizeMB) / 1024
            usage.restoredGigabytes += gigabytes
            usage.restoreCost += gigabytes * prices.snapStartRestorePerGB
        }
    }

    /// Provisioned concurrency held for `seconds`: `count` environments of `memorySizeMB`.
    public static func provisioned(
        function: String, qualifier: String, count: Int, memorySizeMB: Int, architecture: String, seconds: Double,
        prices: LambdaPrices
    ) -> Standing {
        let gbSeconds = Double(count) * Double(memorySizeMB) / 1024 * seconds
        return Standing(
            function: function, qualifier: qualifier, kind: "provisioned-concurrency", gigabyteSeconds: gbSeconds,
            cost: gbSeconds * prices.architecture(architecture).provisionedConcurrencyPerGBSecond)
    }

    /// A SnapStart version's cached snapshot over `seconds` (Lambda charges at least 3 hours).
    public static func snapStartCache(
        function: String, qualifier: String, memorySizeMB: Int, seconds: Double, prices: LambdaPrices
    ) -> Standing {
        let gbSeconds = Double(memorySizeMB) / 1024 * max(seconds, prices.snapStartMinimumCacheSeconds)
        return Standing(
            function: function, qualifier: qualifier, kind: "snapstart-cache", gigabyteSeconds: gbSeconds,
            cost: gbSeconds * prices.snapStartCachePerGBSecond)
    }
}
