import Foundation
import LambCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The Linux driver: each environment runs in its own mount, pid, uts and ipc namespaces, as an unprivileged user,
/// inside a cgroup that caps its memory, CPU and processes and freezes it between invocations.
///
/// CPU is capped like Lambda's (1769 MB = one vCPU) from the end of init on; init itself runs uncapped so that
/// cold starts stay fast locally (at 128 MB the cap is 7% of a core).
///
/// The namespaces and mounts are made by `lamb-jail`, a small C program started with `posix_spawn`; the cgroup is
/// made here, before the launch, so the jail only has to join it. Needs root.
public struct LinuxSandbox: SandboxDriver {
    public let name = "linux"
    public let cgroups: CgroupHost
    /// The `lamb-jail` executable.
    public let jailExecutable: String
    /// Where per-environment directories are made (`<data-dir>/envs`).
    public let environmentsDirectory: String
    let hostCores: Int
    let identities: SandboxIdentities
    /// With `--network isolated`: each environment's runtime joins a network namespace of its own.
    public let networkNamespaces: NetworkNamespacePool?

    /// Where an environment sees its code, its runtime's files and its writable directory, as on Lambda.
    public static let insidePaths = SandboxPaths(
        taskRoot: "/var/task", tmp: "/tmp", runtimeDirectory: "/var/runtime", languageRoot: "/var/lang")

    public init(
        cgroups: CgroupHost, jailExecutable: String, environmentsDirectory: String,
        identities: SandboxIdentities = .claimOrFirstBlock(), networkNamespaces: NetworkNamespacePool? = nil
    ) {
        self.networkNamespaces = networkNamespaces
        self.cgroups = cgroups
        self.identities = identities
        self.jailExecutable = jailExecutable
        self.environmentsDirectory = environmentsDirectory
        self.hostCores = ProcessInfo.processInfo.activeProcessorCount
    }

    public var guarantees: SandboxGuarantees {
        SandboxGuarantees(
            memoryLimit: cgroups.limitsMemory, cpuLimit: cgroups.limitsCPU, freezeBetweenInvokes: cgroups.freezes,
            privateTmp: true, filesystemIsolation: true, processIsolation: true)
    }

    public func paths(for spec: LaunchSpec) -> SandboxPaths { Self.insidePaths }

    public func launch(_ spec: LaunchSpec, outputFD: Int32) throws -> any SandboxedProcess {
        // Checked on the host before any set-up: inside, a failed exec would only be an exit status, which a runtime
        // can also produce on its own.
        let executable = hostPath(of: spec.executable, in: spec)
        guard access(executable, X_OK) == 0 else { return FailedLaunch(path: spec.executable, errno: errno) }
        let directory = "\(environmentsDirectory)/\(spec.environmentId)"
        let root = try Self.makeDirectories(
            environment: directory, sharedRoot: rootMountPoint, parent: environmentsDirectory)
        let limits = CgroupLimits.forFunction(memoryMB: spec.memorySizeMB, hostCores: hostCores)
        let identity = try identities.take()
        let cgroup: any Cgroup
        do {
            cgroup = try cgroups.makeCgroup(environmentId: spec.environmentId, limits: limits)
        } catch {
            identities.give(identity)
            throw error
        }
        var arguments = [
            "--root", root, "--tmp-mb", String(spec.ephemeralStorageMB),
            "--uid", String(identity), "--gid", String(identity), "--hostname", "localhost",
            "--chdir", Self.insidePaths.taskRoot,
            "--bind", "\(spec.codeDirectory):\(Self.insidePaths.taskRoot)",
            "--bind", "\(spec.runtimeDirectory):\(Self.insidePaths.runtimeDirectory)",
        ]
        if let opt = spec.optDirectory { arguments += ["--bind", "\(opt):\(Self.insidePaths.optDirectory)"] }
        for path in Self.extraReadOnlyPaths(spec.readOnlyPaths) { arguments += ["--ro", path] }
        for bind in spec.binds { arguments += ["--bind", "\(bind.host):\(bind.inside)"] }
        for file in cgroup.procsFiles { arguments += ["--cgroup", file] }
        if spec.makesNamespaces { arguments.append("--allow-namespaces") }
        if spec.networkNamespace != nil { arguments += ["--netns-fd", "3"] }
        arguments += ["--", spec.executable] + spec.arguments
        let pid: Int32
        do {
            pid = try Spawner.spawn(
                executable: jailExecutable, arguments: arguments, environment: spec.environment,
                workingDirectory: nil, outputFD: outputFD, passing: spec.networkNamespace?.descriptor)
        } catch {
            _ = cgroup.remove()
            identities.give(identity)
            throw error
        }
        LeftoverProcesses.record(pid: pid, in: directory)
        return JailedProcess(
            pid: pid, cgroup: cgroup, limits: limits, environmentDirectory: directory, runtimeUID: identity,
            releaseIdentity: { [identities] in identities.give(identity) })
    }

    public func tearDown() {
        networkNamespaces?.stop()
        CgroupRemovals.wait()
        cgroups.removeInstance()
    }

    /// The directory every jail mounts its environment's root tmpfs on. One for all environments: each jail mounts
    /// in a mount namespace of its own (made private first, so nothing propagates back), so the mounts never meet,
    /// and the host's directory stays empty.
    var rootMountPoint: String { "\(environmentsDirectory)/.root" }

    /// Makes the environment's own directory (its pid record) and, if needed, the shared root mount point; returns
    /// the latter. Plain mkdirs: each new inode on the data directory's file system costs the kernel a search
    /// among the inodes recently freed (ext4's allocator), which grows as environments come and go, so a cold start
    /// makes one directory where it used to make two (and a temporary file).
    static func makeDirectories(environment: String, sharedRoot: String, parent: String) throws(SandboxError) -> String {
        for path in [parent, sharedRoot, environment] where mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw SandboxError(operation: "mkdir \(path)", errno: errno)
        }
        return sharedRoot
    }

    /// Where a path the runtime sees lives on the host: `/var/task` is the code, `/opt` the layers, `/var/runtime`
    /// Lamb's runtime files; anything else is bound at the same path.
    func hostPath(of inside: String, in spec: LaunchSpec) -> String {
        let mounts = [
            (Self.insidePaths.taskRoot, spec.codeDirectory), (Self.insidePaths.runtimeDirectory, spec.runtimeDirectory),
            (Self.insidePaths.optDirectory, spec.optDirectory ?? "/nonexistent"),
        ] + spec.binds.map { ($0.inside, $0.host) }
        for (mount, host) in mounts where inside == mount || inside.hasPrefix(mount + "/") {
            return host + inside.dropFirst(mount.count)
        }
        return inside
    }

    /// Host paths the runtime needs beyond the system directories the jail always binds.
    static func extraReadOnlyPaths(_ paths: [String]) -> [String] {
        paths.filter { !HostSystemDirectories.contain($0) }
    }

    /// Finds `lamb-jail` next to the running executable (both are products of this package).
    public static func locateJail() -> String? {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("lamb-jail").path,
            CommandLine.arguments.first.map {
                URL(fileURLWithPath: $0).resolvingSymlinksInPath().deletingLastPathComponent()
                    .appendingPathComponent("lamb-jail").path
            },
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
