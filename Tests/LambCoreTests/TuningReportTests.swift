import Foundation
import LambCore
import Testing

struct TuningReportTests {
    static func runs(_ durations: [Double], memory: Int, error: String? = nil) -> [TuningReport.Run] {
        durations.map { duration in
            let billed = Int(duration.rounded(.up))
            return TuningReport.Run(
                durationMs: duration, billedDurationMs: billed, maxMemoryUsedMB: 40,
                cost: 0.000_000_2 + Double(billed) / 1000 * Double(memory) / 1024 * 0.000_016_666_7,
                errorType: error)
        }
    }

    static func report(_ strategy: TuningReport.Strategy, _ runs: [Int: [TuningReport.Run]], freeCores: Double = 2)
        -> TuningReport
    {
        TuningReport(
            function: "f", strategy: strategy, cold: false, runsPerSize: 3, currency: "USD", hostCores: 2,
            hostFreeCores: freeCores, cpuLimited: true, runs: runs)
    }

    /// A CPU-bound function: duration falls in proportion to memory up to one vCPU.
    static let cpuBound: [Int: [TuningReport.Run]] = [
        128: runs([1400, 1380, 1420], memory: 128), 512: runs([350, 345, 360], memory: 512),
        1769: runs([100, 101, 99], memory: 1769), 3008: runs([99, 98, 100], memory: 3008),
    ]

    @Test func eachStrategyPicksItsSize() {
        #expect(Self.report(.speed, Self.cpuBound).recommendedMemorySizeMB == 3008)
        #expect(Self.report(.cost, Self.cpuBound).recommendedMemorySizeMB == 1769)
        let sleeping: [Int: [TuningReport.Run]] = [
            128: Self.runs([200, 201, 200], memory: 128), 1024: Self.runs([200, 200, 201], memory: 1024),
        ]
        #expect(Self.report(.cost, sleeping).recommendedMemorySizeMB == 128)
        #expect(Self.report(.balanced, sleeping).recommendedMemorySizeMB == 128)
    }

    @Test func sizesWithErrorsAreResultsButNeverRecommended() {
        var runs = Self.cpuBound
        runs[3008] = Self.runs([10, 10, 10], memory: 3008, error: "Runtime.OutOfMemory")
        let report = Self.report(.speed, runs)
        #expect(report.recommendedMemorySizeMB == 1769)
        let failed = report.sizes.first { $0.memorySizeMB == 3008 }!
        #expect(failed.errors == 3 && failed.errorTypes == ["Runtime.OutOfMemory"])
        let none = Self.report(.cost, [128: Self.runs([5], memory: 128, error: "MemoryError")])
        #expect(none.recommendedMemorySizeMB == nil)
    }

    @Test func percentilesAreNearestRank() {
        let sorted = (1...100).map(Double.init)
        #expect(TuningReport.percentile(sorted, 0.5) == 50)
        #expect(TuningReport.percentile(sorted, 0.99) == 99)
        #expect(TuningReport.percentile([7], 0.9) == 7)
    }

    @Test func sizesBeyondTheFreeCoresAreNotDistinguishable() {
        let report = Self.report(.speed, Self.cpuBound, freeCores: 1.2)
        let flags = Dictionary(uniqueKeysWithValues: report.sizes.map { ($0.memorySizeMB, $0.distinguishable) })
        #expect(flags == [128: true, 512: true, 1769: true, 3008: false])
        #expect(report.note.contains("not distinguishable"))
    }

    @Test func theHTMLReportIsSelfContainedAndMarksTheRecommendation() {
        let html = Self.report(.speed, Self.cpuBound).html()
        #expect(html.contains("<svg") && html.contains("recommended: 3008 MB"))
        #expect(html.contains("Memory size (MB)") && html.contains("Cost per million invocations"))
        // Nothing fetched from elsewhere (the SVG namespace is a name, not a fetch).
        for external in ["<script", "src=\"http", "href=\"http", "url(http", "@import"] {
            #expect(!html.contains(external), "\(external)")
        }
    }
}
