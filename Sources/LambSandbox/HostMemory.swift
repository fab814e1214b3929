/// The host's memory, from `/proc/meminfo`.
public enum HostMemory {
    /// `(MemAvailable, MemTotal)` in bytes, or `nil` where `/proc/meminfo` cannot be read.
    public static func read() -> (available: UInt64, total: UInt64)? {
        guard let available = KernelFile.number(afterKey: "MemAvailable:", in: "/proc/meminfo"),
            let total = KernelFile.number(afterKey: "MemTotal:", in: "/proc/meminfo")
        else { return nil }
        return (available * 1024, total * 1024)
    }
}
