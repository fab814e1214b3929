import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How this host's cgroups are laid out, found by probing, and where Lamb makes its environments' cgroups:
/// `<hierarchy>/lamb/<instance>/<environment id>`, `instance` being one per data directory, so two Lamb servers on
/// one host never touch each other's cgroups.
public struct CgroupHost: Sendable, Equatable {
    public enum Layout: Sendable, Equatable {
        /// Pure cgroup v2 at `root`, with these controllers available to Lamb.
        case v2(root: String, controllers: Set<String>)
        /// v1 controllers (name → mount point), and a unified v2 hierarchy beside them if there is one.
        case v1(controllers: [String: String], unified: String?)
    }

    public let layout: Layout
    public let instance: String
    /// A subtree root handed to a normal user (``CgroupDelegation``), not the host's hierarchy.
    public let delegated: Bool

    public init(layout: Layout, instance: String, delegated: Bool = false) {
        self.layout = layout
        self.instance = instance
        self.delegated = delegated
    }

    /// Probes `/sys/fs/cgroup`; `nil` when there is no usable hierarchy (not Linux, or not writable).
    public static func probe(instance: String, cgroupRoot: String = "/sys/fs/cgroup") -> CgroupHost? {
        let fm = FileManager.default
        if let controllers = CgroupFile.read("\(cgroupRoot)/cgroup.controllers") {
            let wanted: Set<String> = ["memory", "cpu", "pids"]
            let available = Set(controllers.split(whereSeparator: \.isWhitespace).map(String.init)).intersection(wanted)
            return CgroupHost(layout: .v2(root: cgroupRoot, controllers: available), instance: instance)
        }
        var controllers: [String: String] = [:]
        for name in ["memory", "cpu", "pids", "freezer"] {
            let mount = "\(cgroupRoot)/\(name)"
            if fm.fileExists(atPath: "\(mount)/cgroup.procs") { controllers[name] = mount }
        }
        guard !controllers.isEmpty else { return nil }
        let unifiedRoot = "\(cgroupRoot)/unified"
        let unified = fm.fileExists(atPath: "\(unifiedRoot)/cgroup.procs") ? unifiedRoot : nil
        return CgroupHost(layout: .v1(controllers: controllers, unified: unified), instance: instance)
    }

    /// A one-line description for start-up and `lamb doctor`.
    public var description: String {
        switch layout {
        case .v2(let root, let controllers):
            (delegated ? "delegated " : "") + "cgroup v2 at \(root) (controllers: \(controllers.sorted().joined(separator: ", ")); freezer: v2)"
        case .v1(let controllers, let unified):
            (delegated ? "delegated " : "") + "cgroup v1 (controllers: \(controllers.keys.sorted().joined(separator: ", "))); freezer: "
                + (unified != nil ? "v2 (unified hierarchy)" : (controllers["freezer"] != nil ? "v1" : "none"))
        }
    }

    public var limitsMemory: Bool {
        switch layout {
        case .v2(_, let c): c.contains("memory")
        case .v1(let c, _): c["memory"] != nil
        }
    }

    public var limitsCPU: Bool {
        switch layout {
        case .v2(_, let c): c.contains("cpu")
        case .v1(let c, _): c["cpu"] != nil
        }
    }

    public var freezes: Bool {
        switch layout {
        case .v2: true
        case .v1(let c, let unified): unified != nil || c["freezer"] != nil
        }
    }

    /// The directories of this instance (`<hierarchy>/lamb/<instance>`) in every hierarchy Lamb uses.
    var instanceDirectories: [String] {
        switch layout {
        case .v2(let root, _): ["\(root)/lamb/\(instance)"]
        case .v1(let controllers, let unified):
            controllers.values.sorted().map { "\($0)/lamb/\(instance)" }
                + (unified.map { ["\($0)/lamb/\(instance)"] } ?? [])
        }
    }

    /// Makes `lamb/<instance>` in every hierarchy, and on v2 delegates the controllers down to environments.
    public func prepare() throws(SandboxError) {
        switch layout {
        case .v2(let root, let controllers):
            if delegated { try CgroupDelegation.leaveDelegatedRoot(root) }
            try CgroupFile.makeDirectory("\(root)/lamb")
            try enable(controllers, in: root)
            try CgroupFile.makeDirectory("\(root)/lamb/\(instance)")
            try enable(controllers, in: "\(root)/lamb")
            try enable(controllers, in: "\(root)/lamb/\(instance)")
        case .v1(let controllers, let unified):
            for mount in controllers.values.sorted() + (unified.map { [$0] } ?? []) {
                try CgroupFile.makeDirectory("\(mount)/lamb")
                try CgroupFile.makeDirectory("\(mount)/lamb/\(instance)")
            }
        }
    }

    private func enable(_ controllers: Set<String>, in directory: String) throws(SandboxError) {
        guard !controllers.isEmpty else { return }
        let value = controllers.sorted().map { "+\($0)" }.joined(separator: " ")
        try CgroupFile.write(value, to: "\(directory)/cgroup.subtree_control")
    }

    /// Makes the cgroup of one environment with its limits.
    public func makeCgroup(environmentId: String, limits: CgroupLimits) throws(SandboxError) -> any Cgroup {
        switch layout {
        case .v2(let root, let controllers):
            return try CgroupV2.create(
                at: "\(root)/lamb/\(instance)/\(environmentId)", controllers: controllers, limits: limits)
        case .v1(let controllers, let unified):
            var directories: [String: String] = [:]
            for (name, mount) in Self.environmentControllers(controllers, unified: unified) {
                directories[name] = "\(mount)/lamb/\(instance)/\(environmentId)"
            }
            return try CgroupV1.create(
                directories: directories, unified: unified.map { "\($0)/lamb/\(instance)/\(environmentId)" },
                limits: limits)
        }
    }

    /// The v1 controllers an environment gets a cgroup in: all of them, except the v1 freezer when the unified
    /// hierarchy's freezer does the freezing (``CgroupV1`` never uses both). Each cgroup costs a mkdir, a join and an
    /// rmdir under the kernel's global cgroup lock at every cold start, so an unused one is not made.
    static func environmentControllers(_ controllers: [String: String], unified: String?) -> [String: String] {
        unified == nil ? controllers : controllers.filter { $0.key != "freezer" }
    }

    /// Kills whatever is left in this instance's cgroups (a previous Lamb killed with `kill -9`) and removes them.
    /// Returns how many environment cgroups were removed.
    ///
    /// Every hierarchy is killed and thawed before any is removed: a task frozen by the v1 freezer ignores SIGKILL
    /// until it is thawed, and it stays in its cpu and memory cgroups (which cannot be removed) until then.
    @discardableResult
    public func removeLeftovers() -> Int {
        var leftovers: [(entry: String, path: String)] = []
        for directory in instanceDirectories {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for entry in entries {
                let path = "\(directory)/\(entry)"
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                    leftovers.append((entry, path))
                }
            }
        }
        for (_, path) in leftovers {
            if FileManager.default.fileExists(atPath: "\(path)/cgroup.kill") {
                try? CgroupFile.write("1", to: "\(path)/cgroup.kill")
            }
            for pid in CgroupFile.pids(in: "\(path)/cgroup.procs") { kill(pid, SIGKILL) }
        }
        for (_, path) in leftovers {
            if FileManager.default.fileExists(atPath: "\(path)/freezer.state") {
                try? CgroupFile.write("THAWED", to: "\(path)/freezer.state")
            }
            if FileManager.default.fileExists(atPath: "\(path)/cgroup.freeze") {
                try? CgroupFile.write("0", to: "\(path)/cgroup.freeze")
            }
        }
        var removed = Set<String>()
        for (entry, path) in leftovers where CgroupFile.removeDirectory(path) { removed.insert(entry) }
        return removed.count
    }

    /// Removes this instance's own directories once every environment is gone (at shutdown).
    public func removeInstance() {
        for directory in instanceDirectories {
            _ = CgroupFile.removeDirectory(directory)
            // The shared `lamb` parent goes too once no other Lamb server uses it (rmdir fails while one does).
            rmdir((directory as NSString).deletingLastPathComponent)
        }
    }
}
