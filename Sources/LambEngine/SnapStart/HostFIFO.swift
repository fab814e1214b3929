import LambSandbox

#if canImport(Glibc)
    import Glibc
#endif

/// The named pipes SnapStart uses to talk to processes forked from a template (wake orders, output, pid reports).
enum HostFIFO {
    /// Makes a FIFO at `path` that anyone may open (the runtime may run as another user than Lamb: the Linux sandbox's
    /// function user) and opens it with `mode` (`O_RDONLY`, `O_WRONLY` or `O_RDWR`), non-blocking and close-on-exec.
    /// On failure the FIFO is removed again.
    static func make(at path: String, opening mode: Int32) throws -> Int32 {
        guard mkfifo(path, 0o600) == 0 else { throw SandboxError(operation: "mkfifo", errno: errno) }
        _ = chmod(path, 0o666)
        let fd = open(path, mode | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let error = errno
            unlink(path)
            throw SandboxError(operation: "open fifo", errno: error)
        }
        return fd
    }
}
