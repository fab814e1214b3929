import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whether this host can give environments a /tmp on disk, and the pool when it can.
public enum TmpDiskSupport {
    /// What it needs: root (loop devices and mounts), `/dev/loop-control`, ext4 in the kernel, and `mkfs.ext4` and
    /// `tune2fs` (e2fsprogs). `nil` when all are there.
    public static func unavailableReason(isRoot: Bool) -> String? {
        if !isRoot { return "loop devices need root" }
        if access("/dev/loop-control", R_OK | W_OK) != 0 { return "no /dev/loop-control (loop devices)" }
        let filesystems = (try? String(contentsOfFile: "/proc/filesystems", encoding: .utf8)) ?? ""
        if !filesystems.split(separator: "\n").contains(where: { $0.hasSuffix("\text4") }) {
            return "the kernel has no ext4 file system loaded"
        }
        if tool("mkfs.ext4") == nil || tool("tune2fs") == nil { return "mkfs.ext4 and tune2fs (e2fsprogs) not found" }
        return nil
    }

    /// The pool of /tmp disks under `<dataDirectory>/tmp-disks`, after removing what a previous run left there; or why
    /// there is none (environments then get a tmpfs /tmp, counted in their memory).
    public static func makePool(dataDirectory: String, isRoot: Bool) -> (pool: TmpDiskPool?, unavailableReason: String?) {
        if let reason = unavailableReason(isRoot: isRoot) { return (nil, reason) }
        let directory = "\(dataDirectory)/tmp-disks"
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            return (nil, "cannot make \(directory): \(String(cString: strerror(errno)))")
        }
        TmpDiskSweep.removeAll(in: directory)
        TmpDiskSweep.removeOrphans()
        let maker = TmpDiskMaker(directory: directory, mkfs: tool("mkfs.ext4")!, tune2fs: tool("tune2fs")!)
        return (TmpDiskPool(maker: maker), nil)
    }

    /// Removes what a previous run left under `<dataDirectory>/tmp-disks` without making a pool (`--no-tmp-disks`).
    public static func removeLeftovers(dataDirectory: String) {
        let directory = "\(dataDirectory)/tmp-disks"
        guard FileManager.default.fileExists(atPath: directory) else { return }
        TmpDiskSweep.removeAll(in: directory)
    }

    static func tool(_ name: String) -> String? {
        ["/usr/sbin", "/sbin", "/usr/bin", "/bin"].map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }
}
