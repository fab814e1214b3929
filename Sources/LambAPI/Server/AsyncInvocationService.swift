import LambEngine
import ServiceLifecycle

/// Runs the asynchronous invocation queue while Lamb serves. At shutdown it stops dispatching and lets the attempts
/// in flight end (as synchronous invocations in flight do); events still queued stay in SQLite for the next start.
/// It is listed after the engine's service, so it stops before the engine does.
struct AsyncInvocationService: Service {
    let queue: AsyncInvocationQueue

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await queue.run() }
            try? await gracefulShutdown()
            await queue.stop()
        }
    }
}
