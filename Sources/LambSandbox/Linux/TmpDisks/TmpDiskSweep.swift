import Foundation
import LambCore

#if canImport(Glibc)
    import Glibc
#endif

/// Removes every /tmp disk under `<data-dir>/tmp-disks`: what a killed Lamb left (at start-up, after its runtimes
/// were killed), and what is left when Lamb stops. Mounts first (found in `/proc/self/mountinfo`, detached lazily:
/// a dying environment's namespace may still hold one; its loop device frees itself when the last holder goes), then
/// the files.
enum TmpDiskSweep {
    @discardableResult
    static func removeAll(in directory: String) -> Int {
        let mounts = mountPoints(under: directory, mountinfo: mountinfo())
        // Deepest first, in case one was ever mounted inside another.
        for mountPoint in mounts.sorted(by: { $0.count > $1.count }) { _ = umount2(mountPoint, Int32(MNT_DETACH)) }
        let fm = FileManager.default
        let entries = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
        for entry in entries { try? fm.removeItem(atPath: "\(directory)/\(entry)") }
        return mounts.count
    }

    /// Removes the /tmp disks of Lambs that are gone, in any data directory: a Lamb killed with `kill -9` whose data
    /// directory is never served again (or was deleted) would otherwise keep its mounts and loop devices until the
    /// host restarts. A disk is a dead Lamb's when the process its name records no longer exists.
    @discardableResult
    static func removeOrphans(isAlive: (Int32) -> Bool = { kill($0, 0) == 0 || errno == EPERM }) -> Int {
        let me = getpid()
        let orphans = allMountPoints(mountinfo: mountinfo()).filter { mountPoint in
            guard let owner = TmpDiskNames.owner(ofMountPoint: mountPoint) else { return false }
            return owner != me && !isAlive(owner)
        }
        for mountPoint in orphans {
            _ = umount2(mountPoint, Int32(MNT_DETACH))
            rmdir(mountPoint)
            unlink(TmpDiskNames.image(mountPoint))
        }
        return orphans.count
    }

    private static func mountinfo() -> String {
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/mountinfo") else { return "" }
        defer { try? handle.close() }
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }

    /// The mount points in `mountinfo` (the kernel's format: the fifth field, with spaces and the like escaped as
    /// `\ooo`) that lie under `directory`.
    static func mountPoints(under directory: String, mountinfo: String) -> [String] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return allMountPoints(mountinfo: mountinfo).filter { $0.hasPrefix(prefix) }
    }

    static func allMountPoints(mountinfo: String) -> [String] {
        mountinfo.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count > 4 else { return nil }
            return unescape(String(fields[4]))
        }
    }

    /// `\040` → space, as the kernel escapes space, tab, newline and backslash in mount paths.
    static func unescape(_ field: String) -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(field.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "\\"), i + 3 < utf8.count,
                let value = UInt8(String(decoding: utf8[(i + 1)...(i + 3)], as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                i += 4
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
