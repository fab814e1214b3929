#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A system call the watcher needed failed.
public struct WatcherError: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var errno: Int32

    public var description: String { "\(operation) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}
