import NIOCore

/// Runs Swift tasks on one NIO event loop, for `withTaskExecutorPreference`.
///
/// A task that prefers this executor resumes on the loop that delivers its I/O, so awaiting a channel read or a
/// runtime's answer costs no thread hand-off. Default actors (the engine) also run their jobs here while such a task
/// calls them uncontended.
public final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: the loop is Sendable; the class has no mutable state.
    public let eventLoop: any EventLoop

    public init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
