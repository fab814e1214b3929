/// How environments reach the network: `lamb serve --network`.
public enum NetworkMode: String, Sendable, CaseIterable {
    /// The host's network (the default): functions reach services on the host (a database on localhost, LocalStack)
    /// as any local process does. Each environment's Runtime API is a loopback port of the host that admits only
    /// its own runtime's connections.
    case host
    /// A network namespace per environment with nothing but its own loopback: the Runtime API listens inside, at
    /// `127.0.0.1:9001` as on Lambda, and nothing of the host's network (its ports, its services, other
    /// environments, Lamb's API) is visible or reachable.
    case isolated

    /// The port the Runtime API listens on inside an isolated environment (Lambda's).
    public static let isolatedRuntimeAPIPort = 9001

    /// Why `self` cannot run with the sandbox driver `driver` (`linux` or `process`) on a host where Lamb is root or
    /// not, with or without `lamb-jail` and on Linux or not; `nil` when it can.
    public func unavailableReason(driver: String, isRoot: Bool, hasJail: Bool, isLinux: Bool = Self.isLinux)
        -> String?
    {
        guard self == .isolated else { return nil }
        if !isLinux { return "--network isolated needs Linux (network namespaces)" }
        if !isRoot {
            return "--network isolated needs root: Lamb makes a network namespace for every environment"
                + " (not yet without root: a rootless environment shares the host's network)"
        }
        if !hasJail && driver == "process" {
            return "--network isolated needs lamb-jail next to the lamb executable (it puts each runtime in its"
                + " network namespace; build every product)"
        }
        return nil
    }

    /// One line for `lamb serve`'s banner: the mode and what it means for functions, with `driver`'s name.
    public func summary(driver: String) -> String {
        switch self {
        case .host where driver.hasSuffix("(rootless)"):
            // Rootless, every runtime is the user's own uid on the host, so ownership cannot tell them apart.
            return "network: host — functions share the host's network and reach its services on localhost;"
                + " each Runtime API admits only processes of your user (rootless environments share your uid)"
        case .host:
            return "network: host — functions share the host's network and reach its services on localhost;"
                + " each Runtime API admits only its own runtime (--network isolated hides the host's network)"
        case .isolated:
            let weaker =
                driver == "process"
                ? "; plain processes still share the host's /proc and files: host sockets stay listed (not reachable)"
                    + " in /proc/<pid>/net of host processes, and a runtime running as root could reach host services"
                    + " through Unix sockets"
                : ""
            return "network: isolated — each environment has a network of its own (loopback only, Runtime API at"
                + " 127.0.0.1:\(Self.isolatedRuntimeAPIPort)); host services and Lamb's API are unreachable from"
                + " functions; SnapStart restores share their snapshot's network\(weaker)"
        }
    }

    public static var isLinux: Bool {
        #if os(Linux)
            true
        #else
            false
        #endif
    }
}
