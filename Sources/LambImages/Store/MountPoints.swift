import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the sandbox mounts over an image's read-only root must exist in it beforehand (a read-only file system
/// gets no new directories): `/proc`, `/dev` and `/tmp` as directories, `/etc/hosts` and `/etc/resolv.conf` as
/// files (the environment's own are bound over them, as a container runtime does). Made, or replaced when an image
/// has something else there (a symlink), once, when the image is unpacked.
enum MountPoints {
    static let directories = ["/proc", "/dev", "/tmp", "/etc"]
    static let files = ["/etc/hosts", "/etc/resolv.conf"]

    static func prepare(in rootfs: String) throws {
        for path in directories {
            let host = rootfs + path
            var info = stat()
            if lstat(host, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR { continue }
            unlink(host)
            if mkdir(host, path == "/tmp" ? 0o1777 : 0o755) != 0 { throw ImageError.unreadable(host) }
        }
        for path in files {
            let host = rootfs + path
            var info = stat()
            if lstat(host, &info) == 0 && info.st_mode & S_IFMT == S_IFREG { continue }
            if lstat(host, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR {
                throw ImageError.corrupt("\(path) is a directory")
            }
            unlink(host)
            guard FileManager.default.createFile(atPath: host, contents: nil, attributes: [.posixPermissions: 0o644])
            else { throw ImageError.unreadable(host) }
        }
    }
}
