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
///
/// When Lamb runs as root, each runtime runs as an unprivileged uid of its own (``SandboxIdentities``) under the
/// jail's syscall filter (`lamb-jail --plain`), as long as every file it needs is readable by other users; a
/// runtime whose interpreter or code sits behind a private directory (an interpreter under `/root`) runs as Lamb's
/// user, and Lamb says so once per path.
public struct ProcessSandbox: SandboxDriver {
    public let name = "process"
    public let guarantees = SandboxGuarantees(
        memoryLimit: false, cpuLimit: false, freezeBetweenInvokes: false, privateTmp: false,
        filesystemIsolation: false, processIsolation: false)
    /// Where per-environment directories are made (`<data-dir>/envs`).
    public let environmentsDirectory: String
    /// How runtimes drop root, when Lamb has it.
    public let unprivileged: Unprivileged?
    /// With `--network isolated` (root only): each runtime joins a network namespace of its own through the jail.
    public let networkNamespaces: NetworkNamespacePool?

    /// The jail in plain mode and the uids it hands out.
    public struct Unprivileged: Sendable {
        public var jailExecutable: String
        public var identities: SandboxIdentities
        /// Told once per path why a runtime runs as Lamb's user instead.
        public var notice: @Sendable (String) -> Void

        public init(jailExecutable: String, identities: SandboxIdentities, notice: @escaping @Sendable (String) -> Void) {
            self.jailExecutable = jailExecutable
            self.identities = identities
            self.notice = notice
        }
    }

    public init(
        environmentsDirectory: String, unprivileged: Unprivileged? = nil, networkNamespaces: NetworkNamespacePool? = nil
    ) {
        self.environmentsDirectory = environmentsDirectory
        self.unprivileged = unprivileged
        self.networkNamespaces = networkNamespaces
    }

    public func tearDown() { networkNamespaces?.stop() }

    /// A plain process cannot change its root file system, and an image's programs expect its files at their own
    /// paths (`/lambda-entrypoint.sh`, `/var/runtime`, its libraries): running them against the host's would be
    /// another program, so image functions are refused here, at invoke (`InvalidRuntimeException`, 502).
    static let imagesRefused = LambError(
        .invalidRuntime,
        "Lamb cannot run container image functions with --sandbox process: a plain process cannot change its root "
            + "file system. Run lamb serve with the Linux sandbox (--sandbox linux, the default on Linux).")

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
        if spec.imageRoot != nil { throw Self.imagesRefused }
        let paths = paths(for: spec)
        try FileManager.default.createDirectory(atPath: paths.tmp, withIntermediateDirectories: true)
        guard access(spec.executable, X_OK) == 0 else { return FailedLaunch(path: spec.executable, errno: errno) }
        let directory = "\(environmentsDirectory)/\(spec.environmentId)"
        if let unprivileged, let identity = try identityIfReachable(spec, unprivileged: unprivileged) {
            let pid: Int32
            do {
                guard chown(paths.tmp, identity, identity) == 0 else {
                    throw SandboxError(operation: "chown \(paths.tmp)", errno: errno)
                }
                pid = try Self.spawnPlainJail(
                    spec, uid: identity, jail: unprivileged.jailExecutable, taskRoot: paths.taskRoot,
                    outputFD: outputFD)
            } catch {
                unprivileged.identities.give(identity)
                throw error
            }
            LeftoverProcesses.record(pid: pid, in: directory)
            return PlainProcess(
                pid: pid, environmentDirectory: directory, runtimeUID: identity,
                release: { [identities = unprivileged.identities] in identities.give(identity) })
        }
        let pid: Int32
        if spec.networkNamespace != nil, let unprivileged {
            // A runtime that runs as Lamb's user (root) still joins its network namespace, through the jail (which
            // also puts it under the syscall filter, so it cannot leave it).
            pid = try Self.spawnPlainJail(
                spec, uid: 0, jail: unprivileged.jailExecutable, taskRoot: paths.taskRoot, outputFD: outputFD)
        } else {
            pid = try Spawner.spawn(
                executable: spec.executable, arguments: spec.arguments, environment: spec.environment,
                workingDirectory: paths.taskRoot, outputFD: outputFD)
        }
        LeftoverProcesses.record(pid: pid, in: directory)
        return PlainProcess(pid: pid, environmentDirectory: directory)
    }

    /// `lamb-jail --plain`: the runtime as `uid`, under the syscall filter, in its network namespace if it has one.
    private static func spawnPlainJail(
        _ spec: LaunchSpec, uid: UInt32, jail: String, taskRoot: String, outputFD: Int32
    ) throws -> Int32 {
        var arguments = ["--plain", "--uid", String(uid), "--gid", String(uid), "--chdir", taskRoot]
        if spec.makesNamespaces { arguments.append("--allow-namespaces") }
        if spec.networkNamespace != nil { arguments += ["--netns-fd", "3"] }
        return try Spawner.spawn(
            executable: jail, arguments: arguments + ["--", spec.executable] + spec.arguments,
            environment: spec.environment, workingDirectory: taskRoot, outputFD: outputFD,
            passing: spec.networkNamespace?.descriptor)
    }

    /// A uid for the runtime when every host path it reads is open to other users, else `nil` (it runs as Lamb's
    /// user, and the first such path is reported once).
    private func identityIfReachable(_ spec: LaunchSpec, unprivileged: Unprivileged) throws(SandboxError) -> UInt32? {
        let needed = [spec.executable, spec.codeDirectory, spec.runtimeDirectory] + spec.readOnlyPaths
            + (spec.optDirectory.map { [$0] } ?? [])
        for path in needed {
            if let blocked = OtherUsers.blockedAncestor(of: path) {
                ReachabilityNotices.once(blocked) {
                    unprivileged.notice(
                        "runtimes that need \(path) run as Lamb's own user (root): \(blocked) is not open to other"
                            + " users, so an unprivileged uid could not read it")
                }
                return nil
            }
        }
        return try unprivileged.identities.take()
    }
}

/// Whether users other than a file's owner can reach it.
enum OtherUsers {
    /// The first directory on the way to `path` (its real path) that other users cannot search, or `path` itself
    /// when they cannot read it; `nil` when nothing is in the way.
    static func blockedAncestor(of path: String) -> String? {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var current = ""
        let components = real.split(separator: "/")
        for (index, component) in components.enumerated() {
            current += "/\(component)"
            var info = stat()
            guard stat(current, &info) == 0 else { return nil }  // missing: the launch reports it
            let isLast = index == components.count - 1
            let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            if isDirectory && info.st_mode & S_IXOTH == 0 { return current }
            if isLast && info.st_mode & S_IROTH == 0 && !(isDirectory == false && info.st_mode & S_IXOTH != 0) {
                return current
            }
        }
        return nil
    }
}

/// Paths already reported as blocking, so each is said once per Lamb run.
enum ReachabilityNotices {
    private static let said = Mutex<Set<String>>([])

    static func once(_ path: String, _ say: () -> Void) {
        if said.withLock({ $0.insert(path).inserted }) { say() }
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
    /// `passing`: a descriptor the child gets as its descriptor 3 (a network namespace for the jail).
    public static func spawn(
        executable: String, arguments: [String], environment: [String: String], workingDirectory: String?,
        outputFD: Int32, passing: Int32? = nil
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
        var rc: Int32 = 0
        // ETXTBSY: some other thread of Lamb forked (another spawn) while this executable was still open for
        // writing (code being unpacked), and that child holds the write descriptor until its own exec. The
        // window is microseconds, so a few short retries close it; a file really held open fails after them.
        for attempt in 0..<8 {
            ChildReaper.shared.willSpawn()
            rc = argv.withUnsafeBufferPointer { a in
                envp.withUnsafeBufferPointer { e in
                    lamb_spawn_passing(
                        executable, a.baseAddress, e.baseAddress, workingDirectory, outputFD, passing ?? -1, &pid)
                }
            }
            ChildReaper.shared.didSpawn()
            guard rc == ETXTBSY else { break }
            usleep(UInt32(1_000 << attempt))
        }
        guard rc == 0 else { throw SandboxError(operation: "posix_spawn \(executable)", errno: rc) }
        return pid
    }
}

/// A runtime started by ``ProcessSandbox``.
final class PlainProcess: SandboxedProcess {
    let pid: Int32
    let environmentDirectory: String
    let runtimeUID: UInt32?
    private let exitState = ExitState()
    /// Opened at once: the process exists from the spawn on (`lamb-jail --plain` execs the runtime in place).
    private let highWater: ResidentHighWater

    init(
        pid: Int32, environmentDirectory: String, runtimeUID: UInt32? = nil, release: @escaping @Sendable () -> Void = {}
    ) {
        self.pid = pid
        self.environmentDirectory = environmentDirectory
        self.runtimeUID = runtimeUID
        self.highWater = ResidentHighWater(pid: pid)
        ChildReaper.shared.watch(pid) { [self] status in
            // Children of the runtime may outlive it in its session; take them down with it, as Lambda would.
            signalGroup(pid, SIGKILL)
            exitState.finish(status)
            // The uid is free once nothing of the environment runs as it (the group was just killed).
            release()
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

    /// The runtime's own resident peak: there is no cgroup, so children are not counted.
    func peakMemory() -> MemoryMeasurement {
        MemoryMeasurement(residentPeakBytes: highWater.read())
    }

    /// The runtime's own threads (not its children: they are not in a cgroup to be found by).
    func runQueueWaitNanoseconds() -> UInt64? {
        ProcStatus.longestRunQueueWaitNanoseconds(of: ProcStatus.threadIDs(of: pid))
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: environmentDirectory)
    }
}
