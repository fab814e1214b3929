/// The engine's background jobs (stopping retired environments, initialising replacements of lost provisioned ones,
/// preparing SnapStart templates, forking spares), run as children of one task group, the one ``run()`` keeps, rather
/// than as detached tasks: they are woken by the engine's decisions, never poll, and ``finish()`` lets them end.
///
/// Jobs spawned before `run()` starts wait for it; jobs spawned after `finish()` are dropped (Lamb is stopping, and
/// shutdown stops every environment itself).
final class BackgroundWork: Sendable {
    typealias Job = @Sendable () async -> Void

    private let jobs: AsyncStream<Job>
    private let queue: AsyncStream<Job>.Continuation

    init() {
        (jobs, queue) = AsyncStream.makeStream(of: Job.self)
    }

    func spawn(_ job: @escaping Job) {
        queue.yield(job)
    }

    /// Runs every job spawned, concurrently, until ``finish()`` and the last job's end.
    func run() async {
        await withDiscardingTaskGroup { group in
            for await job in jobs {
                group.addTask { await job() }
            }
        }
    }

    /// No more jobs: `run()` returns once those under way have ended.
    func finish() {
        queue.finish()
    }
}
