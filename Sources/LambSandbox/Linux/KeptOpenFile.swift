import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A cgroup control file opened once and then written or read at offset 0 for the environment's whole life.
///
/// Freezing, thawing and reading peak memory happen on every invocation; opening the file each time costs a path
/// walk through the cgroup filesystem and two more system calls, a visible share of a warm invocation. The
/// descriptor is opened on first use and closed with ``close()`` when the cgroup is removed; every use holds the lock,
/// so a descriptor number is never used after it was closed (and possibly reused).
final class KeptOpenFile: Sendable {
    let path: String
    private let flags: Int32
    private let fd = Mutex<Int32>(-1)

    init(_ path: String, writable: Bool) {
        self.path = path
        self.flags = (writable ? O_WRONLY : O_RDONLY) | O_CLOEXEC
    }

    /// Writes `value` as one write at offset 0.
    func write(_ value: StaticString) throws(SandboxError) {
        let error = fd.withLock { fd -> SandboxError? in
            guard Self.ensureOpen(&fd, path, flags) else { return SandboxError(operation: "open \(path)", errno: errno) }
            let written = pwrite(fd, value.utf8Start, value.utf8CodeUnitCount, 0)
            return written < 0 ? SandboxError(operation: "write \(value) to \(path)", errno: errno) : nil
        }
        if let error { throw error }
    }

    /// The number at the start of the file, read at offset 0.
    func readNumber() -> UInt64? {
        fd.withLock { fd -> UInt64? in
            guard Self.ensureOpen(&fd, path, flags) else { return nil }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer -> UInt64? in
                let n = pread(fd, buffer.baseAddress!, buffer.count, 0)
                guard n > 0 else { return nil }
                return KernelFile.parseNumber(UnsafeBufferPointer(rebasing: buffer[0..<n]), from: 0)
            }
        }
    }

    deinit {
        fd.withLock { fd in if fd >= 0 { _ = Glibc.close(fd) } }
    }

    func close() {
        fd.withLock { fd in
            if fd >= 0 { _ = Glibc.close(fd) }
            fd = -2  // closed for good: later uses fail instead of reopening
        }
    }

    private static func ensureOpen(_ fd: inout Int32, _ path: String, _ flags: Int32) -> Bool {
        if fd == -1 { fd = open(path, flags) }
        return fd >= 0
    }
}
