/// What a driver measured of an environment's memory, and the figure the REPORT line's `Max Memory Used` shows.
///
/// Lambda runs each environment in a microVM of its own, so every page its processes touch is the VM's: the
/// interpreter's code and libraries count even when another environment has the same files open. Lamb's
/// environments share the host's page cache, so neither of its two measurements is that figure alone:
/// - the runtime process's resident high-water mark (`VmHWM`) counts its file-backed pages wherever they were first
///   read, but not the memory of its children;
/// - the cgroup's peak counts the children's anonymous memory, but only the file pages the environment was the
///   first to read (the rest stay charged to whoever read them first).
/// The larger of the two is a lower bound of the microVM's figure that is close to it for the usual one-process
/// runtime; neither is ever added to the other, since they overlap (the runtime's anonymous memory is in both).
public struct MemoryMeasurement: Sendable, Equatable {
    /// The runtime process's resident high-water mark, file-backed pages included (`nil`: not measured).
    public var residentPeakBytes: UInt64?
    /// The peak of memory charged to the environment alone (its cgroup's peak; `nil`: no cgroup).
    public var chargedPeakBytes: UInt64?
    /// The environment's memory limit when the driver enforces one: a microVM never holds more than it has.
    public var limitBytes: UInt64?

    public init(residentPeakBytes: UInt64? = nil, chargedPeakBytes: UInt64? = nil, limitBytes: UInt64? = nil) {
        self.residentPeakBytes = residentPeakBytes
        self.chargedPeakBytes = chargedPeakBytes
        self.limitBytes = limitBytes
    }

    /// Nothing could be measured (no `/proc`, no cgroup).
    public static let unmeasured = MemoryMeasurement()

    /// `Max Memory Used` in bytes: the larger measurement, at most the limit; `nil` when nothing was measured.
    ///
    /// The limit matters because pages charged elsewhere escape the cgroup's cap: a runtime can be resident above
    /// its `MemorySize` in Lamb, which its microVM could not be.
    public var peakBytes: UInt64? {
        let measured: UInt64
        switch (residentPeakBytes, chargedPeakBytes) {
        case (nil, nil): return nil
        case (let resident?, nil): measured = resident
        case (nil, let charged?): measured = charged
        case (let resident?, let charged?): measured = max(resident, charged)
        }
        return limitBytes.map { min(measured, $0) } ?? measured
    }

    /// `Max Memory Used` in whole MB, rounded up as Lambda's are (`nil` when nothing was measured).
    public var peakMegabytes: Int? {
        peakBytes.map { Int(($0 + 1_048_575) / 1_048_576) }
    }

    /// What shutting the environment down would give back to the host, roughly: the memory charged to it alone
    /// when it has a cgroup (pages shared with the page cache of others stay), else its resident peak.
    public var reclaimableBytes: UInt64? { chargedPeakBytes ?? residentPeakBytes }
}
