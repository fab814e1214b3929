import CLambSandbox
import Foundation
import LambCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The portable driver: each environment is a plain process (a new session, so its tree can be killed as one) with
/// a private temporary directory. No memory or CPU caps, no freezing, no filesystem isolation.
public struct ProcessSandbox: SandboxDriver {
    public let name = "process"
    public let guarantees = SandboxGuarantees(
        memoryLimit: false, cpuLimit: false, freezeBetweenInvokes: false, privateTmp: false,
        filesystemIsolation: false, processIsolation: false)
    /// Where per-environment directories are made (`<data-dir>/envs`).
    public let environmentsDirectory: String

    public init(environmentsDirectory: String) {
        self.environmentsDirectory = environmentsDirectory
    }

    /// A plain process cannot have a private `/opt`: it sees the merged layers where they are on the host (the shims
    /// learn that path from `LAMB_OPT_DIR`), or, without layers, a path that does not exist rather than the host's
    /// own `/opt`.
    public func paths(for spec: LaunchSpec) -> SandboxPaths {
        SandboxPaths(
            taskRoot: spec.codeDirectory, tmp: "\(environmentsDirectory)/\(spec.environmentId)/tmp",
            runtimeDirectory: spec.runtimeDirectory,
            optDirectory: spec.optDirectory ?? "\(environmentsDirectory)/\(spec.environmentId)/no-layers")
    }

    public func launch(_ spec: LaunchSpec, outputFD: Int32) throws -> any SandboxedProcess {
        let paths = paths(for: spec)
        try FileManager.default.createDirectory(atPath: paths.tmp, withIntermediateDirectories: true)
        guard access(spec.executable, X_OK) == 0 else { return FailedLaunch(path: spec.executable, errno: errno) }
        let pid = try Spawner.spawn(
            executable: spec.executable, arguments: spec.arguments, environment: spec.environment,
            workingDirectory: paths.taskRoot, outputFD: outputFD)
        let directory = "\(environmentsDirectory)/\(spec.environmentId)"
        LeftoverProcesses.record(pid: pid, in: directory)
        return PlainProcess(pid: pid, environmentDirectory: directory)
    }
}

/// Runtimes of a Lamb that was killed (`kill -9`) outlive it in their own sessions. Each environment directory
/// records its runtime's pid and start time, so the next Lamb can stop exactly those process groups.
public enum LeftoverProcesses {
    static func record(pid: Int32, in directory: String) {
        guard let start = startTime(pid) else { return }
        // Written in place with plain calls, once per cold start: not through a temporary file and a rename (a torn
        // record, Lamb killed mid-write, does not parse and is skipped), so each cold start makes one inode fewer on
        // the data directory's file system.
        let fd = open("\(directory)/pid", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let record = Array("\(pid) \(start)".utf8)
        _ = record.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Kills the process group of every runtime recorded under `environmentsDirectory` that is still the same
    /// process (same start time), and returns how many it killed.
    @discardableResult
    public static func killAll(in environmentsDirectory: String) -> Int {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: environmentsDirectory) else { return 0 }
        var killed = 0
        for entry in entries {
            guard let text = try? String(contentsOfFile: "\(environmentsDirectory)/\(entry)/pid", encoding: .utf8)
            else { continue }
            let parts = text.split(separator: " ")
            guard parts.count == 2, let pid = Int32(parts[0]), startTime(pid) == String(parts[1]) else { continue }
            if signalGroup(pid, SIGKILL) { killed += 1 }
        }
        return killed
    }

    /// Field 22 of `/proc/<pid>/stat`: the start time in clock ticks since boot.
    static func startTime(_ pid: Int32) -> String? {
        KernelFile.withBytes("/proc/\(pid)/stat") { bytes -> String? in
            // The command name (field 2) is in parentheses and may contain spaces; count fields after the last ')'.
            guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
            let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
            return fields.count > 19 ? String(decoding: fields[19], as: UTF8.self) : nil
        }
    }
}

/// `kill(-pid, signal)`: the whole process group the runtime leads.
@discardableResult
func signalGroup(_ pid: Int32, _ signal: Int32) -> Bool {
    kill(-pid, signal) == 0
}

/// `posix_spawn` through the C helper, with the reaper told first.
public enum Spawner {
    public static func spawn(
        executable: String, arguments: [String], environment: [String: String], workingDirectory: String?,
        outputFD: Int32
    ) throws -> Int32 {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted(by: { $0.key < $1.key }).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // Checked first because most failures of exec are this one (a missing or non-executable bootstrap), and a
        // failed posix_spawn leaves a child for glibc and the reaper to race over.
        guard access(executable, X_OK) == 0 else { throw SandboxError(operation: "exec \(executable)", errno: errno) }
        var pid: pid_t = 0
        ChildReaper.shared.willSpawn()
        let rc = argv.withUnsafeBufferPointer { a in
            envp.withUnsafeBufferPointer { e in
                lamb_spawn(executable, a.baseAddress, e.baseAddress, workingDirectory, outputFD, &pid)
            }
        }
        ChildReaper.shared.didSpawn()
        guard rc == 0 else { throw SandboxError(operation: "posix_spawn \(executable)", errno: rc) }
        return pid
    }
}

/// A runtime started by ``ProcessSandbox``.
final class PlainProcess: SandboxedProcess {
    let pid: Int32
    let environmentDirectory: String
    private let exitState = ExitState()

    init(pid: Int32, environmentDirectory: String) {
        self.pid = pid
        self.environmentDirectory = environmentDirectory
        ChildReaper.shared.watch(pid) { [self] status in
            // Children of the runtime may outlive it in its session; take them down with it, as Lambda would.
            signalGroup(pid, SIGKILL)
            exitState.finish(status)
        }
    }

    func onExit(_ handler: @escaping @Sendable (ProcessExit) -> Void) { exitState.onExit(handler) }

    func kill() {
        signalGroup(pid, SIGKILL)
    }

    func terminate(grace: Duration) async {
        if exitState.hasExited { return }
        signalGroup(pid, SIGTERM)
        await exitState.waitForExit(orAfter: grace) { self.kill() }
    }

    func peakMemoryBytes() -> UInt64? {
        ProcStatus.peakResidentBytes(pid: pid)
    }

    /// The runtime's own threads (not its children: they are not in a cgroup to be found by).
    func runQueueWaitNanoseconds() -> UInt64? {
        ProcStatus.longestRunQueueWaitNanoseconds(of: ProcStatus.threadIDs(of: pid))
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: environmentDirectory)
    }
}

/// Reads a process's or thread's files in `/proc`.
enum ProcStatus {
    /// `VmHWM`: the process's peak resident set size.
    static func peakResidentBytes(pid: Int32) -> UInt64? {
        KernelFile.number(afterKey: "VmHWM:", in: "/proc/\(pid)/status").map { $0 * 1024 }
    }

    /// The longest time any one of `tids` has spent on a run queue, ready to run but waiting for a CPU (the second
    /// field of `/proc/<tid>/schedstat`); `nil` when none could be read. The longest, not the sum: threads of one
    /// environment that compete with each other for its CPU all wait, and their waits added up would exceed the time
    /// that passed.
    static func longestRunQueueWaitNanoseconds(of tids: [Int32]) -> UInt64? {
        var longest: UInt64?
        for tid in tids {
            let wait = KernelFile.withBytes("/proc/\(tid)/schedstat") { bytes -> UInt64? in
                let fields = bytes.split(separator: UInt8(ascii: " "))
                guard fields.count >= 2 else { return nil }
                return UInt64(String(decoding: fields[1], as: UTF8.self))
            }
            if let wait { longest = max(longest ?? 0, wait) }
        }
        return longest
    }

    /// The threads of one process (`/proc/<pid>/task`).
    static func threadIDs(of pid: Int32) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []).compactMap { Int32($0) }
    }

    /// The one-letter state of a task (`R` running, `S` sleeping, ...) from `/proc/<tid>/stat`.
    /// Read as bytes (like the other per-invocation reads): the freezer asks for every thread at each freeze.
    static func state(of tid: Int32) -> Character? {
        KernelFile.withBytes("/proc/\(tid)/stat") { bytes -> Character? in
            guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
            guard let state = bytes[(close + 1)...].first(where: { $0 != UInt8(ascii: " ") }) else { return nil }
            return Character(Unicode.Scalar(state))
        }
    }
}
