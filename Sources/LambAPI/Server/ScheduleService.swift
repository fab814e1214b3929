import LambEngine
import ServiceLifecycle

/// Runs the scheduler while Lamb serves. Listed after the async queue's service, so it stops first: no firing is
/// queued into a queue that has stopped.
struct ScheduleService: Service {
    let runner: ScheduleRunner

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await runner.run() }
            try? await gracefulShutdown()
            await runner.stop()
        }
    }
}
