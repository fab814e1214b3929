import LambCore

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
    public var maxMemoryUsedMB: Int
    public var logStreamName: String
    public var pid: Int32
}

extension ExecutionEnvironment {
    var summary: EnvironmentSummary {
        let status = self.status
        let now = EngineClock.now()
        return EnvironmentSummary(
            id: id, function: definition.name, version: definition.version, state: status.state.rawValue,
            initializationType: initializationType, ageSeconds: now - status.createdAt, invocations: status.invocations,
            idleSeconds: status.idleSeconds(now: now), maxMemoryUsedMB: maxMemoryUsedMB, logStreamName: log.streamName,
            pid: pid)
    }
}
