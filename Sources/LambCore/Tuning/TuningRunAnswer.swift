/// What `POST /_lamb/v1/functions/{name}/tune` answers for one run: the server writes it, `lamb tune` reads it.
public struct TuningRunAnswer: Codable, Sendable, Equatable {
    public var requestId: String
    public var memorySizeMB: Int
    public var coldStart: Bool
    public var durationMs: Double
    public var billedDurationMs: Int
    public var initDurationMs: Double?
    public var maxMemoryUsedMB: Int
    public var errorType: String?
    /// The run's cost at Lambda's prices: the request and its billed GB-seconds (init included when cold).
    public var cost: Double
    public var currency: String
    /// Whether the sandbox caps CPU in proportion to memory here (without it, every size runs at full speed).
    public var cpuLimited: Bool
    public var hostCores: Int

    public init(
        requestId: String, memorySizeMB: Int, coldStart: Bool, durationMs: Double, billedDurationMs: Int,
        initDurationMs: Double?, maxMemoryUsedMB: Int, errorType: String?, cost: Double, currency: String,
        cpuLimited: Bool, hostCores: Int
    ) {
        self.requestId = requestId
        self.memorySizeMB = memorySizeMB
        self.coldStart = coldStart
        self.durationMs = durationMs
        self.billedDurationMs = billedDurationMs
        self.initDurationMs = initDurationMs
        self.maxMemoryUsedMB = maxMemoryUsedMB
        self.errorType = errorType
        self.cost = cost
        self.currency = currency
        self.cpuLimited = cpuLimited
        self.hostCores = hostCores
    }

    /// The run as the report counts it.
    public var run: TuningReport.Run {
        TuningReport.Run(
            durationMs: durationMs, billedDurationMs: billedDurationMs, initDurationMs: initDurationMs,
            maxMemoryUsedMB: maxMemoryUsedMB, cost: cost, errorType: errorType)
    }
}
