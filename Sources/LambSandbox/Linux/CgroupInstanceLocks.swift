import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Which Lamb instances on this host are alive, so that one can remove the cgroups another left when it died.
///
/// A running instance holds an exclusive `flock` on `<directory>/<instance>.lock`; the kernel drops it when the
/// process ends, however it ends (`kill -9` included). An instance's cgroups whose lock is free belong to a Lamb that
/// is gone. Instances without a lock file (started by a Lamb that predates these locks) are never touched: nothing
/// tells whether they are alive.
public enum CgroupInstanceLocks {
    /// Root's instances lock under /run; a normal user's (the rootless driver) under their runtime directory.
    public static let defaultDirectory: String = {
        if geteuid() == 0 { return "/run/lamb/instances" }
        let base = ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "/tmp/lamb-\(geteuid())"
        return "\(base)/lamb/instances"
    }()

    /// The descriptors this process holds its locks through, by lock path.
    private static let held = Mutex<[String: Int32]>([:])

    /// Takes `instance`'s lock and keeps it until the process exits. A sweeper holds a dead instance's lock only for
    /// a moment, so this waits a little for it; `false` when the lock stays taken (another live Lamb uses the same
    /// data directory) or cannot be made.
    @discardableResult
    public static func claim(_ instance: String, note: String, directory: String = defaultDirectory) -> Bool {
        let path = "\(directory)/\(instance).lock"
        if held.withLock({ $0[path] != nil }) { return true }
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil
        else { return false }
        for _ in 0..<200 {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { return false }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                // A sweeper may have unlinked the file between our open and our lock: hold the file at the path.
                if isFile(fd, at: path) {
                    _ = ftruncate(fd, 0)
                    _ = note.withCString { write(fd, $0, strlen($0)) }
                    held.withLock { $0[path] = fd }
                    return true
                }
            }
            close(fd)
            usleep(10_000)
        }
        return false
    }

    /// Whether the instance that owns `instance`'s lock file is gone, judged by taking its lock. When it is, `body`
    /// runs while the lock is held (so that the instance cannot come back meanwhile) and the lock file is removed.
    /// `false` (and `body` does not run) when the instance is alive or has no lock file.
    @discardableResult
    public static func whileDead(_ instance: String, directory: String = defaultDirectory, _ body: () -> Void) -> Bool {
        let path = "\(directory)/\(instance).lock"
        if held.withLock({ $0[path] != nil }) { return false }
        let fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0, isFile(fd, at: path) else { return false }
        body()
        unlink(path)
        return true
    }

    /// Releases a lock this process holds (tests; a server keeps its lock until it exits).
    public static func release(_ instance: String, directory: String = defaultDirectory) {
        let path = "\(directory)/\(instance).lock"
        guard let fd = held.withLock({ $0.removeValue(forKey: path) }) else { return }
        unlink(path)
        close(fd)
    }

    /// Removes the lock files of this process (at exit: the kernel drops the locks, the files would stay).
    static func releaseAll() {
        let all: [String: Int32] = held.withLock { held in
            let all = held
            held = [:]
            return all
        }
        for (path, fd) in all {
            unlink(path)
            close(fd)
        }
    }

    private static func isFile(_ fd: Int32, at path: String) -> Bool {
        var open = stat()
        var named = stat()
        guard fstat(fd, &open) == 0, lstat(path, &named) == 0 else { return false }
        return open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }
}

extension CgroupHost {
    /// The directories that hold every instance's cgroups (`<hierarchy>/lamb`).
    var sharedDirectories: [String] {
        switch layout {
        case .v2(let root, _): ["\(root)/lamb"]
        case .v1(let controllers, let unified):
            controllers.values.sorted().map { "\($0)/lamb" } + (unified.map { ["\($0)/lamb"] } ?? [])
        }
    }

    /// Removes the cgroups of every other instance whose Lamb is gone (``CgroupInstanceLocks``): kills what is left
    /// inside them, removes them, and removes the lock file. Returns the instances removed.
    @discardableResult
    public func removeDeadInstances(locks directory: String = CgroupInstanceLocks.defaultDirectory) -> [String] {
        var others = Set<String>()
        for shared in sharedDirectories {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: shared)) ?? [] where name != instance {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: "\(shared)/\(name)", isDirectory: &isDirectory),
                    isDirectory.boolValue
                {
                    others.insert(name)
                }
            }
        }
        // Lock files of instances that made no cgroup (a start that failed early) go too.
        for file in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        where file.hasSuffix(".lock") && file != "\(instance).lock" {
            others.insert(String(file.dropLast(5)))
        }
        return others.sorted().filter { name in
            CgroupInstanceLocks.whileDead(name, directory: directory) {
                let dead = CgroupHost(layout: layout, instance: name)
                dead.removeLeftovers()
                dead.removeInstance()
            }
        }
    }

    /// Removes this instance's directories at process exit if they are still there and empty: a start that failed
    /// after ``prepare()`` (a corrupt database, a port in use) leaves no cgroup behind. A server that ran removes them
    /// itself at shutdown; `rmdir` never removes a cgroup that still has environments. The instance's lock file goes
    /// too.
    public func removeAtExitIfEmpty() {
        CgroupExitCleanup.directories.withLock { $0.append(contentsOf: instanceDirectories) }
        CgroupExitCleanup.install()
    }
}

private enum CgroupExitCleanup {
    static let directories = Mutex<[String]>([])
    static let installed = Mutex(false)

    static func install() {
        let first = installed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        atexit {
            for directory in CgroupExitCleanup.directories.withLock({ $0 }) {
                rmdir(directory)
                rmdir((directory as NSString).deletingLastPathComponent)
            }
            CgroupInstanceLocks.releaseAll()
        }
    }
}
