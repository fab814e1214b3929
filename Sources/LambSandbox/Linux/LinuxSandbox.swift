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
/// made here, before the launch, so the jail only has to join it.
///
/// As root each environment's runtime gets a uid of its own. *Rootless* (`lamb serve` as a normal user), the jail
/// first makes a user namespace in which the user's own uid appears as Lambda's `sbx_user1051` (993); limits and
/// the freezer then need a cgroup subtree delegated to the user (``CgroupDelegation``), and without one the
/// environment runs unlimited and unfrozen (``guarantees`` says so, with the fix).
public struct LinuxSandbox: SandboxDriver {
    public var name: String { rootless ? "linux (rootless)" : "linux" }
    /// `nil`: no cgroups this process may use (rootless without delegation).
    public let cgroups: CgroupHost?
    /// Whether the jail makes a user namespace (Lamb is not root).
    public let rootless: Bool
    /// Why the cgroup guarantees are off when `cgroups` is `nil`, and how to turn them on.
    let cgroupsMissing: String?
    /// The `lamb-jail` executable.
    public let jailExecutable: String
    /// Where per-environment directories are made (`<data-dir>/envs`).
    public let environmentsDirectory: String
    let hostCores: Int
    /// Root's uid blocks; unused rootless (the one mapped uid is the user's).
    let identities: SandboxIdentities?
    /// With `--network isolated`: each environment's runtime joins a network namespace of its own.
    public let networkNamespaces: NetworkNamespacePool?
    /// Where environments' /tmp disks come from; `nil`: /tmp is a tmpfs, counted in the environment's memory
    /// (``tmpDiskUnavailableReason`` says why).
    public let tmpDisks: TmpDiskPool?
    public var tmpDiskUnavailableReason: String?
    /// The `/etc/hosts` every environment sees, written on the first launch.
    let hostsFile: SandboxHostsFile

    /// Where an environment sees its code, its runtime's files and its writable directory, as on Lambda.
    public static let insidePaths = SandboxPaths(
        taskRoot: "/var/task", tmp: "/tmp", runtimeDirectory: "/var/runtime", languageRoot: "/var/lang")

    /// The runtime's uid and gid inside a rootless environment's user namespace: Lambda's `sbx_user1051`.
    static let rootlessIdentity: (uid: UInt32, gid: UInt32) = (993, 990)

    public init(
        cgroups: CgroupHost, jailExecutable: String, environmentsDirectory: String,
        identities: SandboxIdentities = .claimOrFirstBlock(), networkNamespaces: NetworkNamespacePool? = nil,
        tmpDisks: TmpDiskPool? = nil, tmpDiskUnavailableReason: String? = nil
    ) {
        self.init(
            cgroups: cgroups, rootless: false, cgroupsMissing: nil, jailExecutable: jailExecutable,
            environmentsDirectory: environmentsDirectory, identities: identities, networkNamespaces: networkNamespaces,
            tmpDisks: tmpDisks, tmpDiskUnavailableReason: tmpDiskUnavailableReason)
    }

    /// The rootless driver: `cgroups` is the user's delegated subtree, or `nil` with the reason in `cgroupsMissing`.
    /// Its /tmp is a tmpfs: loop devices need root.
    public static func rootless(
        cgroups: CgroupHost?, cgroupsMissing: String?, jailExecutable: String, environmentsDirectory: String
    ) -> LinuxSandbox {
        LinuxSandbox(
            cgroups: cgroups, rootless: true, cgroupsMissing: cgroupsMissing, jailExecutable: jailExecutable,
            environmentsDirectory: environmentsDirectory, identities: nil, networkNamespaces: nil, tmpDisks: nil,
            tmpDiskUnavailableReason: "loop devices need root")
    }

    private init(
        cgroups: CgroupHost?, rootless: Bool, cgroupsMissing: String?, jailExecutable: String,
        environmentsDirectory: String, identities: SandboxIdentities?, networkNamespaces: NetworkNamespacePool?,
        tmpDisks: TmpDiskPool?, tmpDiskUnavailableReason: String?
    ) {
        self.tmpDisks = tmpDisks
        self.tmpDiskUnavailableReason = tmpDiskUnavailableReason
        self.networkNamespaces = networkNamespaces
        self.cgroups = cgroups
        self.rootless = rootless
        self.cgroupsMissing = cgroupsMissing
        self.identities = identities
        self.jailExecutable = jailExecutable
        self.environmentsDirectory = environmentsDirectory
        self.hostCores = ProcessInfo.processInfo.activeProcessorCount
        hostsFile = SandboxHostsFile(path: "\(environmentsDirectory)/.hosts")
    }

    public var guarantees: SandboxGuarantees {
        var guarantees = SandboxGuarantees(
            memoryLimit: cgroups?.limitsMemory ?? false, cpuLimit: cgroups?.limitsCPU ?? false,
            freezeBetweenInvokes: cgroups?.freezes ?? false, privateTmp: true, filesystemIsolation: true,
            processIsolation: true, tmpOnDisk: tmpDisks != nil)
        let missing = cgroupsMissing ?? "the cgroup hierarchy offers no such controller"
        for name in guarantees.off where ["memory limit", "cpu limit", "freeze between invokes"].contains(name) {
            guarantees.reasons[name] = missing
        }
        if tmpDisks == nil, let reason = tmpDiskUnavailableReason {
            guarantees.reasons["/tmp on disk"] = "/tmp is a tmpfs counted in the function's memory because \(reason)"
        }
        return guarantees
    }

    public func paths(for spec: LaunchSpec) -> SandboxPaths { Self.insidePaths }

    public func launch(_ spec: LaunchSpec, outputFD: Int32) throws -> any SandboxedProcess {
        // Checked on the host before any set-up: inside, a failed exec would only be an exit status, which a runtime
        // can also produce on its own.
        var spec = spec
        if spec.imageRoot != nil {
            if let failed = Self.resolveImageEntrypoint(&spec, rootless: rootless) { return failed }
        } else {
            let executable = hostPath(of: spec.executable, in: spec)
            guard access(executable, X_OK) == 0 else { return FailedLaunch(path: spec.executable, errno: errno) }
        }
        let directory = "\(environmentsDirectory)/\(spec.environmentId)"
        let root = try Self.makeDirectories(
            environment: directory, sharedRoot: rootMountPoint, parent: environmentsDirectory)
        let limits = CgroupLimits.forFunction(memoryMB: spec.memorySizeMB, hostCores: hostCores)
        let tmpDisk = try tmpDisks?.take(sizeMB: spec.ephemeralStorageMB)
        let identity: UInt32?
        let cgroup: any Cgroup
        do {
            identity = try identities?.take()
            do {
                cgroup = try cgroups?.makeCgroup(environmentId: spec.environmentId, limits: limits) ?? AbsentCgroup()
            } catch {
                if let identity { identities?.give(identity) }
                throw error
            }
        } catch {
            tmpDisk?.remove()
            throw error
        }
        let (uid, gid) = identity.map { ($0, $0) } ?? Self.rootlessIdentity
        let tmp = tmpDisk.map { ["--tmp-dir", $0.mountPoint] } ?? ["--tmp-mb", String(spec.ephemeralStorageMB)]
        var arguments = [
            "--root", root,
            "--uid", String(uid), "--gid", String(gid), "--hostname", "localhost",
            "--chdir", spec.workingDirectory ?? Self.insidePaths.taskRoot,
        ]
        if let image = spec.imageRoot {
            arguments += Self.imageMounts(spec, image: image)
        } else {
            arguments += [
                "--bind", "\(spec.codeDirectory):\(Self.insidePaths.taskRoot)",
                "--bind", "\(spec.runtimeDirectory):\(Self.insidePaths.runtimeDirectory)",
            ]
            if let opt = spec.optDirectory { arguments += ["--bind", "\(opt):\(Self.insidePaths.optDirectory)"] }
            for path in Self.extraReadOnlyPaths(spec.readOnlyPaths) { arguments += ["--ro", path] }
            for bind in spec.binds { arguments += [bind.writable ? "--bind-rw" : "--bind", "\(bind.host):\(bind.inside)"] }
        }
        if let hosts = hostsFile.path() { arguments += ["--bind", "\(hosts):/etc/hosts"] }
        for file in cgroup.procsFiles { arguments += ["--cgroup", file] }
        if spec.makesNamespaces { arguments.append("--allow-namespaces") }
        if rootless { arguments.append("--userns") }
        if spec.networkNamespace != nil { arguments += ["--netns-fd", "3"] }
        arguments += tmp + ["--", spec.executable] + spec.arguments
        let pid: Int32
        do {
            pid = try Spawner.spawn(
                executable: jailExecutable, arguments: arguments, environment: spec.environment,
                workingDirectory: nil, outputFD: outputFD, passing: spec.networkNamespace?.descriptor)
        } catch {
            _ = cgroup.remove()
            if let identity { identities?.give(identity) }
            tmpDisk?.remove()
            throw error
        }
        LeftoverProcesses.record(pid: pid, in: directory)
        // Rootless, every environment's runtime is the user's own uid on the host: the Runtime API can refuse other
        // users, not other environments of this user.
        return JailedProcess(
            pid: pid, cgroup: cgroup, limits: limits, environmentDirectory: directory,
            runtimeUID: identity ?? geteuid(),
            releaseIdentity: { [identities] in if let identity { identities?.give(identity) } }, tmpDisk: tmpDisk)
    }

    public func tearDown() {
        networkNamespaces?.stop()
        CgroupRemovals.wait()
        tmpDisks?.stop()
        cgroups?.removeInstance()
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
