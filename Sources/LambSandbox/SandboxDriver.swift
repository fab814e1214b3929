import LambCore

/// What a sandbox driver needs to start one execution environment's runtime.
public struct LaunchSpec: Sendable {
    /// The environment's id, used for its private directories and cgroup.
    public var environmentId: String
    public var executable: String
    public var arguments: [String]
    /// Variables exactly as the runtime must see them (the driver adds nothing).
    public var environment: [String: String]
    /// The unpacked function code on the host.
    public var codeDirectory: String
    /// Lamb's runtime files (the bootstrap shims) on the host; `LAMBDA_RUNTIME_DIR` names where the runtime sees them.
    public var runtimeDirectory: String
    /// Further host paths the runtime reads (an interpreter's installation prefix), made visible read-only.
    public var readOnlyPaths: [String]
    /// Host paths the runtime reads at other paths (its interpreter at `/var/lang`), for drivers whose
    /// ``SandboxPaths/languageRoot`` is set.
    public var binds: [HostBind] = []
    public var memorySizeMB: Int
    public var ephemeralStorageMB: Int
    /// The function's layers merged into one directory on the host, which the runtime sees as `/opt`; `nil` when the
    /// function has no layers (an empty `/opt`).
    public var optDirectory: String?
    /// The runtime makes namespaces and mounts of its own (a SnapStart template, for its restores), which the
    /// sandbox's syscall filter otherwise refuses.
    public var makesNamespaces = false
    /// The network namespace the runtime joins (`--network isolated`); `nil`: the host's network.
    public var networkNamespace: NetworkNamespace?
    /// An image function's unpacked root file system on the host: the environment's root (read-only) instead of
    /// the host's system directories; code, runtime files and layers are then not mounted.
    public var imageRoot: String?
    /// Where the runtime starts, inside (an image's WORKDIR); `nil`: the task root.
    public var workingDirectory: String?
    /// An image's external extensions (inside paths), started by the sandbox before the runtime; an extension's exit
    /// is reported on the output as `<extensionToken> NAME STATUS`.
    public var imageExtensions: [String] = []
    public var extensionToken: String?

    public init(
        environmentId: String, executable: String, arguments: [String], environment: [String: String],
        codeDirectory: String, runtimeDirectory: String, readOnlyPaths: [String] = [], memorySizeMB: Int,
        ephemeralStorageMB: Int, optDirectory: String? = nil
    ) {
        self.environmentId = environmentId
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.codeDirectory = codeDirectory
        self.runtimeDirectory = runtimeDirectory
        self.readOnlyPaths = readOnlyPaths
        self.memorySizeMB = memorySizeMB
        self.ephemeralStorageMB = ephemeralStorageMB
        self.optDirectory = optDirectory
    }
}

/// Paths as the runtime sees them inside its environment.
public struct SandboxPaths: Sendable, Equatable {
    /// `LAMBDA_TASK_ROOT` and the working directory (`/var/task` on Lambda).
    public var taskRoot: String
    /// The writable temporary directory (`/tmp` on Lambda).
    public var tmp: String
    /// `LAMBDA_RUNTIME_DIR`: Lamb's runtime files (`/var/runtime` on Lambda).
    public var runtimeDirectory: String
    /// The layers (`/opt` on Lambda).
    public var optDirectory: String
    /// Where the language installation appears (`/var/lang` on Lambda); `nil` where the driver cannot move it
    /// (plain processes run interpreters at their host paths).
    public var languageRoot: String?

    public init(
        taskRoot: String, tmp: String, runtimeDirectory: String, optDirectory: String = "/opt",
        languageRoot: String? = nil
    ) {
        self.languageRoot = languageRoot
        self.taskRoot = taskRoot
        self.tmp = tmp
        self.runtimeDirectory = runtimeDirectory
        self.optDirectory = optDirectory
    }
}

/// Which of Lambda's isolation properties a driver provides; printed at start-up and by `lamb doctor`.
public struct SandboxGuarantees: Sendable, Equatable {
    public var memoryLimit: Bool
    public var cpuLimit: Bool
    public var freezeBetweenInvokes: Bool
    public var privateTmp: Bool
    public var filesystemIsolation: Bool
    public var processIsolation: Bool
    /// /tmp is disk sized by `EphemeralStorage` rather than memory counted toward `MemorySize`.
    public var tmpOnDisk: Bool

    public init(
        memoryLimit: Bool, cpuLimit: Bool, freezeBetweenInvokes: Bool, privateTmp: Bool, filesystemIsolation: Bool,
        processIsolation: Bool, tmpOnDisk: Bool = false
    ) {
        self.tmpOnDisk = tmpOnDisk
        self.memoryLimit = memoryLimit
        self.cpuLimit = cpuLimit
        self.freezeBetweenInvokes = freezeBetweenInvokes
        self.privateTmp = privateTmp
        self.filesystemIsolation = filesystemIsolation
        self.processIsolation = processIsolation
    }

    /// Why a guarantee that is off is off, and how to turn it on, by name (as in ``summary``).
    public var reasons: [String: String] = [:]

    private var all: [(String, Bool)] {
        [
            ("memory limit", memoryLimit), ("cpu limit", cpuLimit), ("freeze between invokes", freezeBetweenInvokes),
            ("private /tmp", privateTmp), ("filesystem isolation", filesystemIsolation),
            ("process isolation", processIsolation), ("/tmp on disk", tmpOnDisk),
        ]
    }

    /// The guarantees that are off, by name.
    public var off: [String] { all.filter { !$0.1 }.map(\.0) }

    /// One line per guarantee: `memory limit: on`, or `memory limit: off (why)`.
    public var lines: [String] {
        all.map { name, on in on ? "\(name): on" : "\(name): off" + (reasons[name].map { " (\($0))" } ?? "") }
    }

    /// One line: `on: a, b; off: c, d`.
    public var summary: String {
        let on = all.filter(\.1).map(\.0)
        let off = self.off
        return
            "on: \(on.isEmpty ? "none" : on.joined(separator: ", ")); off: \(off.isEmpty ? "none" : off.joined(separator: ", "))"
    }
}

/// Starts, limits and stops the processes of execution environments. The engine talks only to this protocol.
public protocol SandboxDriver: Sendable {
    var name: String { get }
    var guarantees: SandboxGuarantees { get }
    /// The paths the runtime of `environmentId` will see, known before launch so the environment variables can
    /// name them.
    func paths(for spec: LaunchSpec) -> SandboxPaths
    /// Starts the runtime with stdout and stderr on `outputFD` (which the caller keeps and closes).
    func launch(_ spec: LaunchSpec, outputFD: Int32) throws -> any SandboxedProcess
    /// Removes what the driver itself set up on the host, once every environment has stopped.
    func tearDown()
    /// Where environments get their network namespaces with `--network isolated` (``LaunchSpec/networkNamespace``);
    /// `nil`: they share the host's network.
    var networkNamespaces: NetworkNamespacePool? { get }
    /// Limits of its own for a process that another environment's runtime is about to fork (a SnapStart restore),
    /// as the environment `environmentId`; `nil` where the driver has none to give. Made before the fork, so that a
    /// restore only has to move the process in (``ForkedProcessLimits/adopt(pid:)``).
    func limitsForFork(environmentId: String, memorySizeMB: Int) throws -> (any ForkedProcessLimits)?
}

extension SandboxDriver {
    public func tearDown() {}

    public var networkNamespaces: NetworkNamespacePool? { nil }

    public func limitsForFork(environmentId: String, memorySizeMB: Int) throws -> (any ForkedProcessLimits)? {
        nil
    }
}

/// The limits a driver gives a forked process (see ``SandboxDriver/limitsForFork(environmentId:memorySizeMB:)``).
public protocol ForkedProcessLimits: Sendable {
    /// Moves the forked process (its host pid) under these limits.
    func adopt(pid: Int32) throws(SandboxError)
    /// Init (the restore) is over: the limits that apply to invocations take effect.
    func initFinished()
    func freeze() throws(SandboxError)
    func thaw() throws(SandboxError)
    /// The peak of memory charged to the forked process since it moved in (pages it shares with its parent stay
    /// charged to the parent).
    func peakMemoryBytes() -> UInt64?
    /// The memory limit, when one is enforced.
    var memoryLimitBytes: UInt64? { get }
    func runnableThreads() -> Int
    /// Removes what the limits needed on the host, once the process has exited.
    func release()
}

/// A running environment's process tree.
public protocol SandboxedProcess: AnyObject, Sendable {
    var pid: Int32 { get }
    /// The uid the runtime runs as when it is this environment's alone (see ``SandboxIdentities``), so that a
    /// connection's owner identifies the environment; `nil` when the driver runs runtimes as Lamb's own user.
    var runtimeUID: UInt32? { get }
    /// Called once, on any thread, when the runtime process exits (at once if it already has).
    func onExit(_ handler: @escaping @Sendable (ProcessExit) -> Void)
    /// SIGKILL to the whole tree, without waiting.
    func kill()
    /// SIGTERM to the tree, up to `grace` for it to exit, then SIGKILL; returns once the runtime has exited.
    func terminate(grace: Duration) async
    /// What the driver measured of the environment's peak memory (``MemoryMeasurement/unmeasured`` where it cannot).
    func peakMemory() -> MemoryMeasurement
    /// Init is over: the limits that apply to invocations take effect (the Linux driver's CPU cap).
    func initFinished()
    /// Stops the whole environment from running (between invocations); a no-op where the driver cannot freeze.
    func freeze() throws(SandboxError)
    /// Lets a frozen environment run again.
    func thaw() throws(SandboxError)
    /// How many of the environment's threads are running or ready to run right now (0 where unknown).
    func runnableThreads() -> Int
    /// The longest time, in nanoseconds, any one of the environment's threads has spent ready to run but waiting for
    /// a CPU (`nil` where unknown).
    func runQueueWaitNanoseconds() -> UInt64?
    /// Removes what the environment left on the host (its private directories). Call after it has exited.
    func cleanUp()
}

extension SandboxedProcess {
    public var runtimeUID: UInt32? { nil }
    public func initFinished() {}
    public func freeze() throws(SandboxError) {}
    public func thaw() throws(SandboxError) {}
    public func runnableThreads() -> Int { 0 }
    public func runQueueWaitNanoseconds() -> UInt64? { nil }
}

/// A launch that failed before the runtime ran.
public struct SandboxError: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var errno: Int32

    public init(operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    public var description: String { "\(operation) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
