/// One environment as `lamb envs` and `GET /_lamb/v1/environments` show it.
public struct EnvironmentSummary: Sendable, Codable, Equatable {
    public var id: String
    public var function: String
    public var version: String
    public var state: String
    public var initializationType: String
    public var ageSeconds: Double
    public var invocations: Int
    public var idleSeconds: Double
    /// The environment's peak memory as REPORT shows it; `nil` (left out of the JSON) when the sandbox could not
    /// measure it.
    public var maxMemoryUsedMB: Int?
    public var logStreamName: String
    public var pid: Int32

    public init(
        id: String, function: String, version: String, state: String, initializationType: String, ageSeconds: Double,
        invocations: Int, idleSeconds: Double, maxMemoryUsedMB: Int?, logStreamName: String, pid: Int32
    ) {
        self.id = id
        self.function = function
        self.version = version
        self.state = state
        self.initializationType = initializationType
        self.ageSeconds = ageSeconds
        self.invocations = invocations
        self.idleSeconds = idleSeconds
        self.maxMemoryUsedMB = maxMemoryUsedMB
        self.logStreamName = logStreamName
        self.pid = pid
    }
}
