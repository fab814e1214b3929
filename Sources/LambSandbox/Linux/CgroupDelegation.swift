import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The cgroups a normal user may run environments in (the rootless driver): a subtree that root handed over.
///
/// - cgroup v2: Lamb's own cgroup, when it is the user's (systemd's `Delegate=yes`, as `systemd-run --user --scope -p
///   Delegate=yes lamb serve` gives, or a cgroup an administrator made, chowned and started the user's shell in).
///   The kernel lets a process move others only between cgroups below one it may write, so environments must live
///   below Lamb's own cgroup; Lamb first moves itself into a leaf of it (`lamb-server`), since a v2 cgroup with
///   processes cannot pass controllers down.
/// - cgroup v1 (hybrid hosts, where the controllers live on v1): `<controller>/lamb-user-<uid>` in each v1
///   hierarchy, made and chowned by root (`lamb doctor --print-setup` prints the commands). v1 has no such
///   containment rule, and v1's freezer is used (the unified hierarchy's would need Lamb inside a delegated v2
///   cgroup too).
public enum CgroupDelegation {
    /// The v1 directory root makes for a user in each controller's hierarchy.
    public static func v1Directory(uid: uid_t) -> String { "lamb-user-\(uid)" }

    /// The hierarchy for this user's environments, or why there is none.
    public static func probe(
        instance: String, uid: uid_t = geteuid(), cgroupRoot: String = "/sys/fs/cgroup",
        ownCgroup: String? = CgroupDelegation.ownV2Path()
    ) -> Result<CgroupHost, Unavailable> {
        if CgroupFile.read("\(cgroupRoot)/cgroup.controllers") != nil {
            guard let own = ownCgroup else { return .failure(.init("this process's cgroup v2 path is unknown")) }
            let directory = cgroupRoot + (own == "/" ? "" : own)
            guard writable(directory), writable("\(directory)/cgroup.procs"),
                writable("\(directory)/cgroup.subtree_control")
            else {
                return .failure(.init("Lamb's cgroup (\(directory)) is not delegated to uid \(uid)"))
            }
            let wanted: Set<String> = ["memory", "cpu", "pids"]
            let available = Set(
                (CgroupFile.read("\(directory)/cgroup.controllers") ?? "").split(whereSeparator: \.isWhitespace)
                    .map(String.init)
            ).intersection(wanted)
            return .success(CgroupHost(layout: .v2(root: directory, controllers: available), instance: instance, delegated: true))
        }
        var controllers: [String: String] = [:]
        for name in ["memory", "cpu", "pids", "freezer"] {
            let directory = "\(cgroupRoot)/\(name)/\(v1Directory(uid: uid))"
            if writable(directory), writable("\(directory)/cgroup.procs") { controllers[name] = directory }
        }
        guard !controllers.isEmpty else {
            return .failure(.init("no cgroup v1 hierarchy has a \(v1Directory(uid: uid)) directory uid \(uid) may write"))
        }
        return .success(CgroupHost(layout: .v1(controllers: controllers, unified: nil), instance: instance, delegated: true))
    }

    /// Why a user has no cgroups of their own.
    public struct Unavailable: Error, Sendable, CustomStringConvertible {
        public var reason: String
        init(_ reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    /// This process's path in the unified hierarchy (`0::/user.slice/...`), from `/proc/self/cgroup`.
    public static func ownV2Path() -> String? {
        guard let text = CgroupFile.read("/proc/self/cgroup") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("0::") {
            return String(line.dropFirst(3))
        }
        return nil
    }

    /// What root (or the user, with systemd) runs once so that `uid` gets cgroups of its own, for this host's layout.
    public static func setupCommands(uid: uid_t, gid: gid_t, cgroupRoot: String = "/sys/fs/cgroup") -> [String] {
        if FileManager.default.fileExists(atPath: "\(cgroupRoot)/cgroup.controllers") {
            return [
                "# with systemd: delegate the cpu controller too (memory and pids are by default), log in again,",
                "# then start Lamb in a delegated scope of your own:",
                "sudo mkdir -p /etc/systemd/system/user@.service.d",
                "printf '[Service]\\nDelegate=cpu cpuset io memory pids\\n' | sudo tee /etc/systemd/system/user@.service.d/delegate.conf",
                "sudo systemctl daemon-reload",
                "systemd-run --user --scope -p Delegate=yes lamb serve",
                "# without systemd: a cgroup for uid \(uid), with this shell in it; start Lamb from this shell:",
                "echo '+memory +cpu +pids' | sudo tee \(cgroupRoot)/cgroup.subtree_control",
                "sudo mkdir \(cgroupRoot)/lamb-user-\(uid) && sudo chown -R \(uid):\(gid) \(cgroupRoot)/lamb-user-\(uid)",
                "echo $$ | sudo tee \(cgroupRoot)/lamb-user-\(uid)/cgroup.procs",
            ]
        }
        let directory = v1Directory(uid: uid)
        return [
            "for c in memory cpu pids freezer; do sudo mkdir -p \(cgroupRoot)/$c/\(directory) && sudo chown -R \(uid):\(gid) \(cgroupRoot)/$c/\(directory); done"
        ]
    }

    static func writable(_ path: String) -> Bool { access(path, W_OK) == 0 }

    /// On a delegated v2 cgroup that holds processes (Lamb, perhaps the shell that started it), moves Lamb into
    /// `<root>/lamb-server`: a v2 cgroup with processes of its own cannot enable controllers for its children.
    static func leaveDelegatedRoot(_ root: String) throws(SandboxError) {
        let procs = CgroupFile.pids(in: "\(root)/cgroup.procs")
        guard !procs.isEmpty else { return }
        let leaf = "\(root)/lamb-server"
        try CgroupFile.makeDirectory(leaf)
        try CgroupFile.write("0", to: "\(leaf)/cgroup.procs")
        let others = CgroupFile.pids(in: "\(root)/cgroup.procs")
        if !others.isEmpty {
            throw SandboxError(
                operation: "move out of \(root): processes \(others.map(String.init).joined(separator: ", ")) are "
                    + "still there (start Lamb in a cgroup of its own: systemd-run --user --scope -p Delegate=yes)",
                errno: EBUSY)
        }
    }
}
