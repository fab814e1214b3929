import Foundation
import LambCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A short-lived helper program Lamb runs for itself (not an environment), through the same spawner and reaper as
/// runtimes: Foundation's `Process` would race ``ChildReaper`` for the exit status.
public enum HelperCommand {
    /// Runs `executable` with its output discarded and returns how it ended.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws
        -> ProcessExit
    {
        let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard devNull >= 0 else { throw SandboxError(operation: "open /dev/null", errno: errno) }
        defer { close(devNull) }
        let exitState = ExitState()
        let pid = try Spawner.spawn(
            executable: executable, arguments: arguments, environment: environment, workingDirectory: nil,
            outputFD: devNull)
        ChildReaper.shared.watch(pid) { exit in exitState.finish(exit) }
        return await withCheckedContinuation { continuation in
            exitState.onExit { continuation.resume(returning: $0) }
        }
    }
}
