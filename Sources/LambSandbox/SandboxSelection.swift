import Foundation
import LambCore

#if canImport(Glibc)
    import Glibc
#endif

/// Which driver `lamb serve --sandbox` asks for.
public enum SandboxMode: String, Sendable, CaseIterable {
    /// The Linux driver when this host allows it (as root, or rootless through user namespaces), else plain
    /// processes.
    case auto
    case linux
    case process
}

/// What this host offers a sandbox, for `--sandbox auto` and `lamb doctor`.
public struct SandboxCapabilities: Sendable {
    public var isRoot: Bool
    public var cgroups: CgroupHost?
    public var jailExecutable: String?

    /// Why the Linux driver cannot run here, or `nil` when it can. Rootless, it runs without cgroups if it must
    /// (``LinuxSandbox/guarantees`` says what is off).
    public var linuxUnavailableReason: String? {
        #if os(Linux)
            if jailExecutable == nil {
                return "lamb-jail was not found next to the lamb executable (build every product)"
            }
            if !isRoot { return Self.userNamespacesUnavailableReason() }
            if cgroups == nil { return "no cgroup hierarchy found under /sys/fs/cgroup" }
            return nil
        #else
            return "the Linux sandbox needs Linux"
        #endif
    }

    /// Why a normal user cannot make user namespaces here, from the kernel's switches, or `nil` when they can.
    public static func userNamespacesUnavailableReason(proc: String = "/proc/sys") -> String? {
        if let maximum = KernelFile.number("\(proc)/user/max_user_namespaces"), maximum == 0 {
            return "user namespaces are turned off (sysctl user.max_user_namespaces = 0)"
        }
        // Debian's and older Ubuntu's switch.
        if let allowed = KernelFile.number("\(proc)/kernel/unprivileged_userns_clone"), allowed == 0 {
            return "unprivileged user namespaces are turned off (sysctl kernel.unprivileged_userns_clone = 0; "
                + "run: sudo sysctl kernel.unprivileged_userns_clone=1)"
        }
        // Ubuntu 24.04's AppArmor restriction.
        if let restricted = KernelFile.number("\(proc)/kernel/apparmor_restrict_unprivileged_userns"), restricted != 0 {
            return "AppArmor restricts unprivileged user namespaces (sysctl "
                + "kernel.apparmor_restrict_unprivileged_userns = 1; run: sudo sysctl "
                + "kernel.apparmor_restrict_unprivileged_userns=0, or give lamb-jail an AppArmor profile with `userns,`)"
        }
        return nil
    }

    /// Looks at this host. `instance` names this Lamb's cgroups (one per data directory).
    public static func probe(instance: String) -> SandboxCapabilities {
        SandboxCapabilities(
            isRoot: geteuid() == 0, cgroups: CgroupHost.probe(instance: instance),
            jailExecutable: LinuxSandbox.locateJail())
    }

    /// A cgroup instance name for a data directory: short, stable and distinct per directory.
    public static func instanceName(dataDirectory: String) -> String {
        let real = URL(fileURLWithPath: dataDirectory).standardizedFileURL.resolvingSymlinksInPath().path
        return "i" + String(SHA256.hash(Array(real.utf8)).hexString.prefix(12))
    }
}

/// Builds the driver `mode` asks for.
public enum SandboxSelection {
    /// The driver; for `auto` the reason the Linux driver was not chosen, and with the Linux driver how fast moves
    /// into cgroups are (both printed at start-up). `favorCgroupMoves` turns on `favordynmods` (``CgroupMoveTuning``).
    /// `notice` hears what the plain-process driver cannot do as it should (a runtime that must run as root).
    /// `network` `isolated` gives the driver a ``NetworkNamespacePool``, or fails with ``NetworkUnavailable`` where the
    /// driver cannot have one.
    public static func make(
        mode: SandboxMode, dataDirectory: String, environmentsDirectory: String, favorCgroupMoves: Bool = true,
        tmpDisks wantsTmpDisks: Bool = true,
        network: NetworkMode = .host, notice: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> (driver: any SandboxDriver, fallbackReason: String?, cgroupMoves: CgroupMoveTuning.State?) {
        let capabilities = SandboxCapabilities.probe(
            instance: SandboxCapabilities.instanceName(dataDirectory: dataDirectory))
        // One block of uids per instance, for whichever driver runs; as root, plain processes drop to uids of
        // their own too.
        let identities = capabilities.isRoot ? SandboxIdentities.claimOrFirstBlock() : nil
        func namespaces(driver: String) throws -> NetworkNamespacePool? {
            if let reason = network.unavailableReason(
                driver: driver, isRoot: capabilities.isRoot, hasJail: capabilities.jailExecutable != nil)
            {
                throw NetworkUnavailable(reason: reason)
            }
            guard network == .isolated else { return nil }
            let pool = NetworkNamespacePool()
            pool.prepare()
            return pool
        }
        func plain() throws -> ProcessSandbox {
            ProcessSandbox(
                environmentsDirectory: environmentsDirectory,
                unprivileged: identities.flatMap { identities in
                    capabilities.jailExecutable.map {
                        ProcessSandbox.Unprivileged(jailExecutable: $0, identities: identities, notice: notice)
                    }
                }, networkNamespaces: try namespaces(driver: "process"))
        }
        if mode == .process {
            return (try plain(), nil, nil)
        }
        if let reason = capabilities.linuxUnavailableReason {
            if mode == .linux { throw SandboxUnavailable(reason: reason) }
            return (try plain(), reason, nil)
        }
        if !capabilities.isRoot {
            return (try rootless(capabilities, dataDirectory: dataDirectory, environmentsDirectory: environmentsDirectory,
                network: network), nil, nil)
        }
        let cgroups = capabilities.cgroups!
        // This instance's lock first (others must see it alive before its cgroups exist), then what dead instances
        // and this data directory's previous run left.
        CgroupInstanceLocks.claim(cgroups.instance, note: dataDirectory)
        cgroups.removeDeadInstances()
        cgroups.removeLeftovers()
        do {
            try cgroups.prepare()
        } catch {
            if mode == .linux { throw SandboxUnavailable(reason: "\(error)") }
            return (try plain(), "\(error)", nil)
        }
        cgroups.removeAtExitIfEmpty()
        // After the runtimes a killed Lamb left were killed (the server does that first), so their /tmp disks can go.
        let tmpDisks =
            wantsTmpDisks
            ? TmpDiskSupport.makePool(dataDirectory: dataDirectory, isRoot: capabilities.isRoot)
            : { () -> (pool: TmpDiskPool?, unavailableReason: String?) in
                TmpDiskSupport.removeLeftovers(dataDirectory: dataDirectory)
                return (nil, "of --no-tmp-disks")
            }()
        tmpDisks.pool?.prepare()
        let driver = LinuxSandbox(
            cgroups: cgroups, jailExecutable: capabilities.jailExecutable!, environmentsDirectory: environmentsDirectory,
            identities: identities ?? .claimOrFirstBlock(),
            networkNamespaces: try namespaces(driver: "linux"), tmpDisks: tmpDisks.pool,
            tmpDiskUnavailableReason: tmpDisks.unavailableReason)
        let moves = favorCgroupMoves ? CgroupMoveTuning.turnOn(for: cgroups) : CgroupMoveTuning.state(of: cgroups)
        return (driver, nil, moves)
    }
}

extension SandboxSelection {
    /// The Linux driver for a normal user: user namespaces, and the cgroups root delegated to the user if any.
    static func rootless(
        _ capabilities: SandboxCapabilities, dataDirectory: String, environmentsDirectory: String, network: NetworkMode
    ) throws -> LinuxSandbox {
        if let reason = network.unavailableReason(driver: "linux", isRoot: false, hasJail: true) {
            throw NetworkUnavailable(reason: reason)
        }
        let instance = SandboxCapabilities.instanceName(dataDirectory: dataDirectory)
        var cgroups: CgroupHost?
        var missing: String?
        switch CgroupDelegation.probe(instance: instance) {
        case .success(let delegated):
            CgroupInstanceLocks.claim(instance, note: dataDirectory)
            delegated.removeDeadInstances()
            delegated.removeLeftovers()
            do {
                try delegated.prepare()
                delegated.removeAtExitIfEmpty()
                cgroups = delegated
            } catch {
                missing = "the delegated cgroups cannot be used: \(error)"
            }
        case .failure(let why):
            missing = "\(why.reason); `lamb doctor --print-setup` prints the commands that delegate one"
        }
        return LinuxSandbox.rootless(
            cgroups: cgroups, cgroupsMissing: missing, jailExecutable: capabilities.jailExecutable!,
            environmentsDirectory: environmentsDirectory)
    }
}

/// `--network isolated` where environments cannot have network namespaces.
public struct NetworkUnavailable: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

/// `--sandbox linux` on a host that cannot give it.
public struct SandboxUnavailable: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { "the Linux sandbox is not available: \(reason)" }
}
