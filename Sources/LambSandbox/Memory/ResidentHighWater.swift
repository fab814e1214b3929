import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One process's resident high-water mark (`VmHWM`), read at the end of every invocation.
///
/// `/proc/<pid>/status` is opened once and read with `pread` at offset 0 from then on: one system call per reading
/// instead of a path walk through `/proc`, an open and a close. The descriptor stays bound to the process it was
/// opened for, so a reused pid can never be read by mistake; once the process is gone its readings fail, and the
/// highest value seen so far stays the answer (a runtime killed for memory is read after its death).
public final class ResidentHighWater: Sendable {
    private struct State {
        var fd: Int32 = -1
        var highest: UInt64?
    }

    private let state = Mutex(State())

    /// Opens `/proc/<pid>/status` now; later readings fail (leaving `nil`) if the process is not there.
    public init(pid: Int32) {
        let fd = open("/proc/\(pid)/status", O_RDONLY | O_CLOEXEC)
        state.withLock { $0.fd = fd }
    }

    /// The highest `VmHWM` read so far, in bytes, after reading it once more.
    public func read() -> UInt64? {
        state.withLock { state -> UInt64? in
            guard state.fd >= 0 else { return state.highest }
            let value = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { buffer -> UInt64? in
                let n = pread(state.fd, buffer.baseAddress!, buffer.count, 0)
                guard n > 0 else { return nil }
                return ProcStatus.peakResidentBytes(inStatus: UnsafeBufferPointer(rebasing: buffer[0..<n]))
            }
            if let value { state.highest = max(state.highest ?? 0, value) }
            return state.highest
        }
    }

    /// The descriptor goes; the highest value read stays.
    public func close() {
        state.withLock { state in
            if state.fd >= 0 { _ = closeDescriptor(state.fd) }
            state.fd = -1
        }
    }

    deinit { close() }
}

private func closeDescriptor(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
        Glibc.close(fd)
    #else
        Darwin.close(fd)
    #endif
}
