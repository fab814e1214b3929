import CLambSandbox
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Makes joining a cgroup cheap, which every cold start does (the jail writes itself into its environment's
/// `cgroup.procs`).
///
/// A move into a cgroup takes the kernel's global thread-group lock for writing, and by default a writer first waits
/// for an RCU grace period: 10–20 ms on an idle host, unless another move happened just before. Cold starts were
/// bimodal because of it (17 or 27–37 ms for Python). The cgroup v2 mount option `favordynmods` keeps that lock in
/// its writer-friendly mode, at the price of a slightly slower fork and exit everywhere on the host. The lock is
/// global, so the option on the v2 hierarchy helps v1 controllers (a hybrid host) just as much.
///
/// `lamb serve` turns it on with the Linux sandbox unless told not to (`--no-cgroup-favordynmods`). It is a property
/// of the host's mount: it stays on after Lamb exits, until the hierarchy is remounted or the host reboots.
public enum CgroupMoveTuning {
    static let option = "favordynmods"

    public enum State: Sendable, Equatable {
        /// The option was already set on the v2 mount.
        case on(mountPoint: String)
        /// Lamb set it just now.
        case turnedOn(mountPoint: String)
        /// Not set (and not asked to set it).
        case off(mountPoint: String)
        /// It cannot be set here (no v2 hierarchy, an old kernel, ...).
        case unavailable(reason: String)

        public var description: String {
            switch self {
            case .on(let mountPoint): "fast (\(CgroupMoveTuning.option) is on for \(mountPoint))"
            case .turnedOn(let mountPoint):
                "fast (Lamb turned on \(CgroupMoveTuning.option) for \(mountPoint); it stays on until a remount or reboot)"
            case .off(let mountPoint):
                "slow: each cold start waits for the kernel (~10-20 ms); \(CgroupMoveTuning.option) is off for "
                    + "\(mountPoint) (lamb serve turns it on unless given --no-cgroup-favordynmods)"
            case .unavailable(let reason): "slow: each cold start may wait for the kernel (~10-20 ms); \(reason)"
            }
        }
    }

    /// Where the host's cgroup v2 hierarchy is mounted, if it has one.
    static func v2MountPoint(of host: CgroupHost) -> String? {
        switch host.layout {
        case .v2(let root, _): root
        case .v1(_, let unified): unified
        }
    }

    /// The file-system options (the last field of `/proc/self/mountinfo`) of the cgroup2 mount at `mountPoint`.
    static func superOptions(mountPoint: String, mountInfo: String) -> [String]? {
        for line in mountInfo.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
            guard fields.count > 6, fields[4] == mountPoint, let dash = fields.firstIndex(of: "-"),
                dash + 3 < fields.count, fields[dash + 1] == "cgroup2"
            else { continue }
            return fields[dash + 3].split(separator: ",").map(String.init)
        }
        return nil
    }

    /// The v2 mount and its file-system options, or why there are none to look at.
    private static func v2Mount(of host: CgroupHost) -> Result<(mountPoint: String, options: [String]), Unavailable> {
        guard let mountPoint = v2MountPoint(of: host) else {
            return .failure(Unavailable(reason: "there is no cgroup v2 hierarchy to set \(option) on"))
        }
        guard let mountInfo = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8),
            let options = superOptions(mountPoint: mountPoint, mountInfo: mountInfo)
        else { return .failure(Unavailable(reason: "\(mountPoint) is not in /proc/self/mountinfo")) }
        return .success((mountPoint, options))
    }

    private struct Unavailable: Error {
        var reason: String
    }

    /// How moves into cgroups behave on this host now.
    public static func state(of host: CgroupHost) -> State {
        switch v2Mount(of: host) {
        case .failure(let why): .unavailable(reason: why.reason)
        case .success(let mount):
            mount.options.contains(option) ? .on(mountPoint: mount.mountPoint) : .off(mountPoint: mount.mountPoint)
        }
    }

    /// Sets `favordynmods` on the v2 mount, keeping its other options.
    public static func turnOn(for host: CgroupHost) -> State {
        let (mountPoint, options): (String, [String])
        switch v2Mount(of: host) {
        case .failure(let why): return .unavailable(reason: why.reason)
        case .success(let mount): (mountPoint, options) = mount
        }
        if options.contains(option) { return .on(mountPoint: mountPoint) }
        // `rw`/`ro` and `seclabel` are not cgroup options; everything else cgroup2 shows is a flag.
        let flags = options.filter { !["rw", "ro", "seclabel"].contains($0) } + [option]
        var cStrings = flags.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        let result = cStrings.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) {
                lamb_reconfigure_flags(mountPoint, $0.baseAddress, Int32(flags.count))
            }
        }
        switch result {
        case 0: return .turnedOn(mountPoint: mountPoint)
        case EINVAL: return .unavailable(reason: "this kernel has no \(option) (Linux 6.0 or later)")
        case ENOSYS: return .unavailable(reason: "this kernel cannot reconfigure mounts (Linux 5.2 or later)")
        default: return .unavailable(reason: "setting \(option) on \(mountPoint) failed: \(String(cString: strerror(result)))")
        }
    }
}
