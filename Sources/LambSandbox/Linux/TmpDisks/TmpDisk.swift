import CLambSandbox
import Foundation
import LambCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One environment's /tmp on disk: an ext4 image under `<data-dir>/tmp-disks`, attached to a loop device and mounted
/// on a host directory, which the jail binds at the environment's /tmp (`lamb-jail --tmp-dir`).
///
/// Its pages are ordinary page cache: reclaimable, written back to the image rather than held in memory, so a function
/// can fill a /tmp larger than its `MemorySize` (or than the host's RAM). The loop device does direct I/O on the image
/// where the data directory's file system allows it, so the data is cached once (as the file system's pages), not a
/// second time as the image's.
public final class TmpDisk: Sendable {
    public let sizeMB: Int
    /// The image file.
    let imagePath: String
    /// Where the file system is mounted on the host (the jail binds it at /tmp).
    public let mountPoint: String

    init(sizeMB: Int, imagePath: String, mountPoint: String) {
        self.sizeMB = sizeMB
        self.imagePath = imagePath
        self.mountPoint = mountPoint
    }

    /// Unmounts it (the loop device then frees itself: autoclear) and deletes the image. Detached lazily: a namespace
    /// that still holds a copy of the mount (an environment being torn down) keeps the file system until it goes; the
    /// image's blocks are freed then.
    public func remove() {
        _ = umount2(mountPoint, Int32(MNT_DETACH))
        rmdir(mountPoint)
        unlink(imagePath)
    }
}

/// A /tmp disk could not be made.
public struct TmpDiskError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Makes /tmp disks: ~20-30 ms of work each (two small programs from e2fsprogs, a loop device, a mount), done by the
/// pool ahead of cold starts.
struct TmpDiskMaker: Sendable {
    /// `<data-dir>/tmp-disks`.
    let directory: String
    let mkfs: String
    let tune2fs: String
    private let counter = Counter()

    init(directory: String, mkfs: String, tune2fs: String) {
        self.directory = directory
        self.mkfs = mkfs
        self.tune2fs = tune2fs
    }

    func make(sizeMB: Int) throws(TmpDiskError) -> TmpDisk {
        let geometry = TmpDiskGeometry(sizeMB: sizeMB)
        try checkFreeSpace(for: geometry)
        let name = TmpDiskNames.name(sizeMB: sizeMB, owner: getpid(), serial: counter.next())
        let disk = TmpDisk(
            sizeMB: sizeMB, imagePath: "\(directory)/\(TmpDiskNames.image(name))",
            mountPoint: "\(directory)/\(name)")
        do {
            try build(disk, geometry: geometry)
        } catch {
            disk.remove()
            throw error
        }
        return disk
    }

    /// The image is sparse, so this is not a promise that the function's writes will fit later; it refuses a disk the
    /// host could not hold even alone, with a message that says so, instead of an environment whose writes fail with
    /// I/O errors.
    private func checkFreeSpace(for geometry: TmpDiskGeometry) throws(TmpDiskError) {
        var stats = statvfs()
        guard statvfs(directory, &stats) == 0 else { return }
        let free = Int(stats.f_bavail) * Int(stats.f_frsize)
        if free < geometry.sizeMB * TmpDiskGeometry.mebibyte {
            throw TmpDiskError(
                description:
                    "no room for a \(geometry.sizeMB) MB /tmp (EphemeralStorage) under \(directory): "
                    + "\(free / TmpDiskGeometry.mebibyte) MB free on its file system")
        }
    }

    private func build(_ disk: TmpDisk, geometry: TmpDiskGeometry) throws(TmpDiskError) {
        let image = open(disk.imagePath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard image >= 0 else { throw failure("create \(disk.imagePath)", errno) }
        defer { close(image) }
        guard ftruncate(image, off_t(geometry.imageBytes)) == 0 else { throw failure("size \(disk.imagePath)", errno) }
        // No journal: the file system never outlives the environment, nor survives a crash of the host (the next
        // start deletes it), so crash consistency buys nothing. No resize inode: it is never grown. Lazy inode tables
        // and no discard: formatting writes a few MiB and leaves the image sparse.
        try run(
            mkfs,
            [
                "-q", "-F", "-b", String(TmpDiskGeometry.blockSize), "-m", "0", "-O", "^has_journal,^resize_inode",
                "-E", "lazy_itable_init=1,nodiscard", disk.imagePath,
            ])
        var bytes = [UInt8](repeating: 0, count: Ext4Superblock.length)
        let read = bytes.withUnsafeMutableBytes { pread(image, $0.baseAddress, $0.count, off_t(Ext4Superblock.offset)) }
        guard read == Ext4Superblock.length, let superblock = Ext4Superblock(bytes) else {
            throw TmpDiskError(description: "\(mkfs) made no ext4 file system in \(disk.imagePath)")
        }
        try run(tune2fs, ["-r", String(geometry.reservedBlocks(superblock)), disk.imagePath])

        var loop: Int32 = -1
        var index: Int32 = -1
        var directIO: Int32 = 0
        let rc = lamb_loop_attach(image, 1, &loop, &index, &directIO)
        guard rc == 0 else { throw failure("attach \(disk.imagePath) to a loop device", rc) }
        defer { close(loop) }
        guard mkdir(disk.mountPoint, 0o755) == 0 else { throw failure("mkdir \(disk.mountPoint)", errno) }
        // noinit_itable: the image is sparse, its inode tables read as zeros already; the kernel need not write them.
        let flags = UInt(MS_NOSUID) | UInt(MS_NODEV)
        guard mount("/dev/loop\(index)", disk.mountPoint, "ext4", flags, "noinit_itable") == 0 else {
            throw failure("mount /dev/loop\(index) (\(disk.imagePath)) on \(disk.mountPoint)", errno)
        }
        // Like Lambda's /tmp: anyone may write, nobody may delete another's files; and empty (no lost+found).
        chmod(disk.mountPoint, 0o1777)
        rmdir("\(disk.mountPoint)/lost+found")
    }

    /// Runs `tool` to its end, with its output kept for the error message.
    private func run(_ tool: String, _ arguments: [String]) throws(TmpDiskError) {
        var fds: [Int32] = [0, 0]
        // The spawn closes every other descriptor in its child, so the pipe needs no close-on-exec for other spawns.
        guard pipe(&fds) == 0 else { throw failure("pipe", errno) }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        let pid: Int32
        do {
            pid = try Spawner.spawn(
                executable: tool, arguments: arguments, environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"],
                workingDirectory: nil, outputFD: fds[1])
        } catch {
            close(fds[0])
            close(fds[1])
            throw TmpDiskError(description: "\(error)")
        }
        close(fds[1])
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if n > 0 { output += buffer[0..<n] } else if n < 0 && errno == EINTR { continue } else { break }
        }
        close(fds[0])
        let exit = ProcessExitWaiter.wait(for: pid)
        guard exit == .exited(code: 0) else {
            let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw TmpDiskError(description: "\(tool) \(arguments.joined(separator: " ")): \(exit): \(text)")
        }
    }

    private func failure(_ operation: String, _ code: Int32) -> TmpDiskError {
        TmpDiskError(description: "\(SandboxError(operation: operation, errno: code))")
    }

    private final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> Int { value.withLock { $0 += 1; return $0 } }
    }
}

/// Blocks the calling thread until the reaper reports `pid`'s exit.
enum ProcessExitWaiter {
    static func wait(for pid: Int32) -> ProcessExit {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<ProcessExit?>(nil)
        ChildReaper.shared.watch(pid) { exit in
            result.withLock { $0 = exit }
            done.signal()
        }
        done.wait()
        return result.withLock { $0! }
    }
}

/// Names under `<data-dir>/tmp-disks`: `<size>m-<lamb pid>-<serial>` (the mount point) and the same with `.img` (the
/// image). The pid keeps one run's disks apart from what a killed run left (removed at start-up).
enum TmpDiskNames {
    static func name(sizeMB: Int, owner: Int32, serial: Int) -> String { "\(sizeMB)m-\(owner)-\(serial)" }

    /// The Lamb process that made the disk mounted at `mountPoint` (`…/tmp-disks/512m-4205-1`), or `nil` when the path
    /// is not a /tmp disk's.
    static func owner(ofMountPoint mountPoint: String) -> Int32? {
        let parts = mountPoint.split(separator: "/")
        guard parts.count >= 2, parts[parts.count - 2] == "tmp-disks" else { return nil }
        let fields = parts[parts.count - 1].split(separator: "-")
        guard fields.count == 3, fields[0].hasSuffix("m"), Int(fields[0].dropLast()) != nil, Int(fields[2]) != nil
        else { return nil }
        return Int32(fields[1])
    }
    static func image(_ name: String) -> String { "\(name).img" }
}
