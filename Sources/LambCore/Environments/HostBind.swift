/// A host path a sandbox shows its runtime at another path: an interpreter's installation at `/var/lang` (read-only),
/// a directory standing for an EFS access point at its `LocalMountPath` (read-write).
public struct HostBind: Sendable, Equatable, Hashable {
    public var host: String
    public var inside: String
    /// Read-write (a file system the function mounts); everything else the runtime sees from the host is read-only.
    public var writable: Bool

    public init(host: String, inside: String, writable: Bool = false) {
        self.host = host
        self.inside = inside
        self.writable = writable
    }
}

/// The host's system directories, which the Linux sandbox shows read-only at their own paths in every environment.
public enum HostSystemDirectories {
    public static let all = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"]

    /// `path` is one of them or inside one (`/usr/bin`), or the root itself.
    public static func contain(_ path: String) -> Bool {
        path == "/" || all.contains { path == $0 || path.hasPrefix($0 + "/") }
    }
}
