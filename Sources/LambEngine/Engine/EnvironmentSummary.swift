import LambCore
import LambRuntimeAPI

extension ExecutionEnvironment {
    /// This environment as listings show it; `idleSince` (engine seconds) comes from its pool.
    func summary(idleSince: Double?, now: Double) -> EnvironmentSummary {
        EnvironmentSummary(
            id: id, function: definition.name, version: definition.version, state: mailbox.stateName,
            initializationType: initializationType, ageSeconds: launchedAt.duration(to: .now).seconds,
            invocations: mailbox.invocations, idleSeconds: idleSince.map { max(0, now - $0) } ?? 0,
            maxMemoryUsedMB: maxMemoryUsedMB, logStreamName: log.streamName, pid: pid)
    }
}
