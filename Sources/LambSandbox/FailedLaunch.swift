import LambCore

/// A runtime whose executable could not be started: it "exits" at once with ``ProcessExit/invalidEntrypoint``, so
/// the engine reports it the way it reports any runtime that dies during init (Lambda answers the invocation with
/// `Runtime.InvalidEntrypoint`, not with a service error).
final class FailedLaunch: SandboxedProcess {
    let pid: Int32 = 0
    private let exit: ProcessExit

    init(path: String, errno: Int32) {
        exit = .invalidEntrypoint(path: path, errno: errno)
    }

    /// An image's working directory that does not exist in it (`Runtime.InvalidWorkingDir`).
    init(workingDirectory: String) {
        exit = .invalidWorkingDirectory(path: workingDirectory)
    }

    func onExit(_ handler: @escaping @Sendable (ProcessExit) -> Void) { handler(exit) }
    func kill() {}
    func terminate(grace: Duration) async {}
    func peakMemory() -> MemoryMeasurement { .unmeasured }
    func cleanUp() {}
}
