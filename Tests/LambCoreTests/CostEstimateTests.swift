import Foundation
import LambCore
import Testing

@Suite("Cost estimates and history times")
struct CostEstimateTests {
    static func record(
        _ function: String = "f", kind: InvocationRecord.StartKind = .warm, outcome: InvocationRecord.Outcome = .success,
        billed: Int = 100, memory: Int = 1024, architecture: String = "x86_64"
    ) -> InvocationRecord {
        InvocationRecord(
            requestId: UUID().uuidString, function: function, version: "$LATEST",
            invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:\(function)", environmentId: "e",
            invocationType: "RequestResponse", trigger: .api, startKind: kind, durationMs: Double(billed),
            billedDurationMs: billed, memorySizeMB: memory, maxMemoryUsedMB: 20, architecture: architecture,
            outcome: outcome, payloadBytes: 2, resultBytes: 2, startedAt: Date())
    }

    @Test("requests and GB-seconds are priced per architecture; throttles are counted, not billed")
    func onDemand() {
        let prices = LambdaPrices.published
        let records = [
            Self.record(kind: .cold, billed: 1000, memory: 1024),
            Self.record(billed: 500, memory: 1024, architecture: "x86_64"),
            Self.record(outcome: .error, billed: 200, memory: 512),
            Self.record(kind: .none, outcome: .throttled, billed: 0),
            Self.record("g", billed: 1000, memory: 2048, architecture: "arm64"),
        ]
        let estimate = CostEstimate.estimate(records, prices: prices)
        let f = estimate.functions[0]
        #expect(f.function == "f" && f.invocations == 3 && f.errors == 1 && f.throttles == 1 && f.coldStarts == 1)
        #expect(abs(f.gigabyteSeconds - 1.6) < 1e-9)
        #expect(abs(f.durationCost - 1.6 * 0.000_016_666_7) < 1e-15)
        #expect(abs(f.requestCost - 3 * 0.2 / 1_000_000) < 1e-15)
        let g = estimate.functions[1]
        #expect(abs(g.durationCost - 2 * 0.000_013_333_4) < 1e-15)
        #expect(abs(estimate.total - (f.total + g.total)) < 1e-15)
    }

    @Test("provisioned invocations, restores and standing charges use their own prices")
    func provisionedAndSnapStart() {
        let prices = LambdaPrices.published
        let restore = Self.record(kind: .restore, billed: 100, memory: 2048)
        let provisioned = Self.record(kind: .provisioned, billed: 1000, memory: 1024)
        let standing = [
            CostEstimate.provisioned(
                function: "f", qualifier: "live", count: 2, memorySizeMB: 512, architecture: "x86_64", seconds: 3600,
                prices: prices),
            CostEstimate.snapStartCache(function: "f", qualifier: "1", memorySizeMB: 1024, seconds: 60, prices: prices),
        ]
        let estimate = CostEstimate.estimate([restore, provisioned], standing: standing, prices: prices)
        let f = estimate.functions[0]
        #expect(f.restores == 1 && abs(f.restoreCost - 2 * 0.000_139_799_8) < 1e-15)
        #expect(abs(f.provisionedDurationCost - 0.000_009_722_2) < 1e-15)
        #expect(abs(standing[0].gigabyteSeconds - 3600) < 1e-9)
        // The snapshot cache is charged for at least three hours.
        #expect(abs(standing[1].gigabyteSeconds - 10_800) < 1e-9)
        #expect(abs(estimate.total - (f.total + standing[0].cost + standing[1].cost)) < 1e-12)
    }

    @Test("the free tier takes requests and GB-seconds off, never below zero")
    func freeTier() {
        let estimate = CostEstimate.estimate(
            [Self.record(billed: 1000, memory: 1024)], prices: .published, applyFreeTier: true)
        #expect(estimate.total == 0)
        #expect(estimate.freeTierCredit > 0)
    }

    @Test("a history time is an age back from now or an ISO 8601 time")
    func times() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(HistoryTime.parse("90s", now: now) == now.addingTimeInterval(-90))
        #expect(HistoryTime.parse("2h", now: now) == now.addingTimeInterval(-7200))
        #expect(HistoryTime.parse("7d", now: now) == now.addingTimeInterval(-604_800))
        #expect(HistoryTime.parse("2026-05-01T12:00:00Z") == Date(timeIntervalSince1970: 1_777_636_800))
        #expect(HistoryTime.parse("yesterday") == nil)
    }

    @Test("the alias comes from the invoked ARN; versions and $LATEST are not aliases")
    func alias() {
        var r = Self.record()
        #expect(r.alias == nil)
        r.invokedFunctionArn += ":live"
        #expect(r.alias == "live")
        r.invokedFunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:f:3"
        #expect(r.alias == nil)
    }
}
