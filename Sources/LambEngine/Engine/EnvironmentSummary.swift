import LambCore

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
