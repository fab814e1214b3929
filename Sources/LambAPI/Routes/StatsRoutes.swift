import Foundation
import Hummingbird
import LambCore
import LambStore
import NIOCore

/// `GET /_lamb/v1/stats[?function=F&since=T&freeTier=1]`: invocations, GB-seconds and an estimated bill at Lambda's
/// prices for the history's records (`lamb stats`), with provisioned concurrency and SnapStart caches held over
/// the period.
extension LambdaAPI {
    func addStatsRoutes(to router: Router<BasicRequestContext>) {
        guard let history else { return }
        router.get("/_lamb/v1/stats") { request, _ in
            await AWSResponse.handling {
                let parameters = request.uri.queryParameters
                var query = try Self.historyQuery(parameters)
                query.limit = Int.max
                query.after = 0
                let records = try await history.read(query)
                let now = Date()
                let from = max(query.since ?? history.startedAt, history.startedAt)
                let estimate = CostEstimate.estimate(
                    records, standing: standingCharges(function: query.function, from: from, now: now, history.prices),
                    prices: history.prices, applyFreeTier: parameters.get("freeTier") == "1")
                let output = StatsJSON(
                    from: LambdaTimestamp.iso8601(query.since ?? records.first?.startedAt ?? from),
                    to: LambdaTimestamp.iso8601(now), estimate: estimate, prices: history.prices,
                    note: "Estimates at Lambda's public prices (\(history.prices.region), \(history.prices.publishedAt)) "
                        + "from durations measured on this machine, not on Lambda.")
                return try AWSResponse.json(output)
            }
        }
    }

    /// Provisioned concurrency and SnapStart snapshots held from `from` (or from when they were set up) to `now`.
    private func standingCharges(function: String?, from: Date, now: Date, _ prices: LambdaPrices)
        -> [CostEstimate.Standing]
    {
        var charges: [CostEstimate.Standing] = []
        let names = function.map { [$0] } ?? registry.allFunctions().map(\.name)
        for name in names {
            let versions = registry.versions(of: name)
            for (qualifier, config) in versions.provisioned.sorted(by: { $0.key < $1.key }) {
                let target = versions.aliases[qualifier].flatMap { versions.version($0.functionVersion) }
                    ?? versions.version(qualifier)
                guard let target else { continue }
                charges.append(
                    CostEstimate.provisioned(
                        function: name, qualifier: qualifier, count: config.allocated,
                        memorySizeMB: target.settings.memorySize,
                        architecture: target.settings.architectures.first ?? "x86_64",
                        seconds: now.timeIntervalSince(max(from, config.lastModified)), prices: prices))
            }
            for version in versions.orderedVersions where version.settings.snapStartApplyOn == "PublishedVersions" {
                charges.append(
                    CostEstimate.snapStartCache(
                        function: name, qualifier: version.version, memorySizeMB: version.settings.memorySize,
                        seconds: now.timeIntervalSince(max(from, version.lastModified)), prices: prices))
            }
        }
        return charges
    }
}

struct StatsJSON: Encodable {
    var from: String
    var to: String
    var estimate: CostEstimate
    var prices: LambdaPrices
    var note: String
}
