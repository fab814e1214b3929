import Foundation
import LambCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A short-lived helper program Lamb runs for itself (not an environment), through the same spawner and reaper as
/// runtimes: Foundation's `Process` would race ``ChildReaper`` for the exit status.
public enum HelperCommand {
    /// Runs `executable` with its output discarded and returns how it ended.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:])
        async throws
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

extension HelperCommand {
    /// Runs `executable` in `workingDirectory` and hands its output (standard output and error, merged) to `output`
    /// one line at a time, without the line end, as it comes; returns how the command ended once it has exited and
    /// its output is all read (a background process that keeps the output open keeps this waiting too).
    ///
    /// The command runs in a session of its own; cancelling the calling task kills that process group and throws
    /// `CancellationError`.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], workingDirectory: String?,
        output: @escaping @Sendable (String) -> Void
    ) async throws -> ProcessExit {
        var fds: [Int32] = [0, 0]
        // Glibc's module does not export `pipe2`. A spawn on another thread between `pipe` and `fcntl` is harmless:
        // the spawner closes every descriptor above 2 in its child.
        guard pipe(&fds) == 0 else { throw SandboxError(operation: "pipe", errno: errno) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let pid: Int32
        do {
            pid = try Spawner.spawn(
                executable: executable, arguments: arguments, environment: environment,
                workingDirectory: workingDirectory, outputFD: fds[1])
        } catch {
            close(fds[0])
            close(fds[1])
            throw error
        }
        // The child has its copy; ours must go, or the pipe never reaches end of file.
        close(fds[1])
        let exitState = ExitState()
        ChildReaper.shared.watch(pid) { exit in exitState.finish(exit) }
        let lines = AsyncStream<String> { continuation in
            let splitter = LineSplitter()
            OutputPump.shared.register(fd: fds[0]) { chunk in
                guard let chunk else {
                    if let last = splitter.finish() { continuation.yield(last) }
                    continuation.finish()
                    return
                }
                for line in splitter.feed(chunk) { continuation.yield(line) }
            }
        }
        return try await withTaskCancellationHandler {
            for await line in lines { output(line) }
            let exit = await withCheckedContinuation { continuation in
                exitState.onExit { continuation.resume(returning: $0) }
            }
            try Task.checkCancellation()
            return exit
        } onCancel: {
            if !exitState.hasExited { kill(-pid, SIGKILL) }
        }
    }
}

/// Cuts a byte stream into lines (`\n`, with a `\r` before it dropped). Fed by one reader at a time (the pump reads a
/// pipe under that pipe's lock); the mutex makes that safe to say to the compiler.
private final class LineSplitter: Sendable {
    private let pending = Mutex([UInt8]())

    func feed(_ chunk: ArraySlice<UInt8>) -> [String] {
        pending.withLock { buffer in
            buffer.append(contentsOf: chunk)
            var lines: [String] = []
            var start = 0
            while let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(Self.text(buffer[start..<newline]))
                start = newline + 1
            }
            buffer.removeFirst(start)
            return lines
        }
    }

    /// The last line, when the stream did not end with a line end.
    func finish() -> String? {
        pending.withLock { buffer in
            defer { buffer.removeAll() }
            return buffer.isEmpty ? nil : Self.text(buffer[...])
        }
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        let trimmed = bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes
        return String(decoding: trimmed, as: UTF8.self)
    }
}
