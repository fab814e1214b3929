import Foundation

/// What `lamb tune` found: per memory size, the runs' durations, memory and cost, and the size the strategy picks.
/// Its JSON (`lamb tune --output json`) is a documented, stable shape (docs/tune.md).
public struct TuningReport: Codable, Sendable, Equatable {
    /// One run as the server measured it (`POST /_lamb/v1/functions/{name}/tune`).
    public struct Run: Codable, Sendable, Equatable {
        public var durationMs: Double
        public var billedDurationMs: Int
        public var initDurationMs: Double?
        public var maxMemoryUsedMB: Int
        public var cost: Double
        /// The function's error type (`Runtime.OutOfMemory`, `Sandbox.Timedout`, …), or a refusal's.
        public var errorType: String?

        public init(
            durationMs: Double, billedDurationMs: Int, initDurationMs: Double? = nil, maxMemoryUsedMB: Int,
            cost: Double, errorType: String? = nil
        ) {
            self.durationMs = durationMs
            self.billedDurationMs = billedDurationMs
            self.initDurationMs = initDurationMs
            self.maxMemoryUsedMB = maxMemoryUsedMB
            self.cost = cost
            self.errorType = errorType
        }
    }

    /// One memory size's figures.
    public struct Size: Codable, Sendable, Equatable {
        public var memorySizeMB: Int
        /// Lambda's CPU share at this size: 1 vCPU at 1,769 MB.
        public var vCPUs: Double
        public var runs: Int
        public var errors: Int
        /// Each error type seen, once, in the order first seen.
        public var errorTypes: [String]
        public var p50DurationMs: Double
        public var p90DurationMs: Double
        public var p99DurationMs: Double
        public var meanBilledDurationMs: Double
        /// Cold runs only (`--cold`).
        public var p50InitDurationMs: Double?
        public var maxMemoryUsedMB: Int
        public var costPerInvocation: Double
        public var costPerMillion: Double
        /// `false` when this machine cannot give the size its CPU share (more vCPUs than its free cores, or a
        /// sandbox that does not cap CPU): its durations do not tell it apart from its neighbours.
        public var distinguishable: Bool
    }

    public enum Strategy: String, Codable, Sendable, CaseIterable {
        /// The cheapest size (ties: the faster).
        case cost
        /// The fastest size (ties: the cheaper).
        case speed
        /// The smallest sum of cost and duration, each relative to the largest measured.
        case balanced
    }

    public var function: String
    public var strategy: Strategy
    /// `warm` (a discarded first run, then warm runs) or `cold` (a fresh environment for every run).
    public var mode: String
    public var runsPerSize: Int
    public var currency: String
    public var hostCores: Int
    public var hostFreeCores: Double
    public var cpuLimited: Bool
    public var sizes: [Size]
    /// The size the strategy picks among those with no errors; `nil` when every size failed.
    public var recommendedMemorySizeMB: Int?
    public var reason: String
    public var note: String

    /// Lambda gives one vCPU at 1,769 MB, and CPU in proportion to memory.
    public static let megabytesPerVCPU = 1769.0

    public init(
        function: String, strategy: Strategy, cold: Bool, runsPerSize: Int, currency: String, hostCores: Int,
        hostFreeCores: Double, cpuLimited: Bool, runs: [Int: [Run]]
    ) {
        self.function = function
        self.strategy = strategy
        mode = cold ? "cold" : "warm"
        self.runsPerSize = runsPerSize
        self.currency = currency
        self.hostCores = hostCores
        self.hostFreeCores = hostFreeCores
        self.cpuLimited = cpuLimited
        sizes = runs.keys.sorted().map { memory in
            Self.size(memory, runs[memory] ?? [], freeCores: hostFreeCores, cpuLimited: cpuLimited)
        }
        (recommendedMemorySizeMB, reason) = Self.recommend(sizes, strategy: strategy)
        var note =
            "Figures are local estimates: durations measured on this machine's CPU (capped in proportion to memory "
            + "as Lambda caps it), costs at Lambda's public prices; Lambda's own CPUs and network differ."
        if !cpuLimited {
            note += " This sandbox does not cap CPU, so every size ran at the host's full speed."
        } else if sizes.contains(where: { !$0.distinguishable }) {
            note += " Sizes marked not distinguishable ask for more CPU than this machine had free "
                + "(\(String(format: "%.1f", hostFreeCores)) of \(hostCores) cores)."
        }
        self.note = note
    }

    static func size(_ memory: Int, _ runs: [Run], freeCores: Double, cpuLimited: Bool) -> Size {
        let succeeded = runs.filter { $0.errorType == nil }
        let measured = succeeded.isEmpty ? runs : succeeded
        let durations = measured.map(\.durationMs).sorted()
        let inits = measured.compactMap(\.initDurationMs).sorted()
        let cost = runs.isEmpty ? 0 : runs.map(\.cost).reduce(0, +) / Double(runs.count)
        var errorTypes: [String] = []
        for type in runs.compactMap(\.errorType) where !errorTypes.contains(type) { errorTypes.append(type) }
        let vCPUs = Double(memory) / megabytesPerVCPU
        return Size(
            memorySizeMB: memory, vCPUs: (vCPUs * 100).rounded() / 100, runs: runs.count,
            errors: runs.count - succeeded.count, errorTypes: errorTypes,
            p50DurationMs: percentile(durations, 0.50), p90DurationMs: percentile(durations, 0.90),
            p99DurationMs: percentile(durations, 0.99),
            meanBilledDurationMs: measured.isEmpty
                ? 0 : Double(measured.map(\.billedDurationMs).reduce(0, +)) / Double(measured.count),
            p50InitDurationMs: inits.isEmpty ? nil : percentile(inits, 0.50),
            maxMemoryUsedMB: runs.map(\.maxMemoryUsedMB).max() ?? 0, costPerInvocation: cost,
            costPerMillion: cost * 1_000_000, distinguishable: cpuLimited && vCPUs <= max(freeCores, 1))
    }

    /// Nearest-rank percentile of sorted values.
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// What the strategy compares: the p50 duration, plus the p50 init duration for cold runs.
    static func latency(_ size: Size) -> Double { size.p50DurationMs + (size.p50InitDurationMs ?? 0) }

    static func recommend(_ sizes: [Size], strategy: Strategy) -> (Int?, String) {
        let healthy = sizes.filter { $0.errors == 0 && $0.runs > 0 }
        guard !healthy.isEmpty else { return (nil, "every size had errors: no recommendation") }
        let maxCost = healthy.map(\.costPerInvocation).max() ?? 1
        let maxLatency = healthy.map(latency).max() ?? 1
        let best: Size
        switch strategy {
        case .cost:
            best = healthy.min { ($0.costPerInvocation, latency($0)) < ($1.costPerInvocation, latency($1)) }!
            return (best.memorySizeMB, "the lowest cost per invocation among the sizes without errors")
        case .speed:
            best = healthy.min { (latency($0), $0.costPerInvocation) < (latency($1), $1.costPerInvocation) }!
            return (best.memorySizeMB, "the lowest p50 duration among the sizes without errors")
        case .balanced:
            func score(_ size: Size) -> Double {
                size.costPerInvocation / max(maxCost, .leastNonzeroMagnitude)
                    + latency(size) / max(maxLatency, .leastNonzeroMagnitude)
            }
            best = healthy.min { (score($0), $0.memorySizeMB) < (score($1), $1.memorySizeMB) }!
            return (
                best.memorySizeMB,
                "the lowest sum of cost and p50 duration, each relative to the largest measured, among the sizes "
                    + "without errors"
            )
        }
    }
}
