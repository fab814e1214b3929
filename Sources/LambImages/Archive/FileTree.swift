import Foundation

#if canImport(Glibc)
    import Glibc
#endif

enum FileTree {
    /// Removes a file, link or directory tree without following links, also when a layer made directories
    /// read-only (their owner, Lamb, may still change their mode).
    static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            unlink(path)
            return
        }
        chmod(path, 0o700)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            remove(path + "/" + name)
        }
        rmdir(path)
    }
}
