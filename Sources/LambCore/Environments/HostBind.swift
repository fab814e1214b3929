/// A host path a sandbox shows its runtime read-only at another path (an interpreter's installation at `/var/lang`).
public struct HostBind: Sendable, Equatable, Hashable {
    public var host: String
    public var inside: String

    public init(host: String, inside: String) {
        self.host = host
        self.inside = inside
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
