import Foundation
import LambSandbox

#if canImport(Glibc)
    import Glibc
#endif

/// What the tests that touch the real kernel need from this host.
enum SandboxHost {
    static let isRoot = geteuid() == 0
    static let cgroupsUsable = isRoot && CgroupHost.probe(instance: "probe") != nil
    static let jail = LinuxSandbox.locateJail()
    static let linuxSandboxUsable = cgroupsUsable && jail != nil

    /// A cgroup host with its own instance name, prepared, for one test.
    static func freshCgroups() throws -> CgroupHost {
        let host = CgroupHost.probe(instance: "test-\(UUID().uuidString.prefix(8).lowercased())")!
        try host.prepare()
        return host
    }

    /// Polls `condition` for up to `seconds`.
    static func eventually(_ seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    /// The `utime + stime` clock ticks of a process, from `/proc/<pid>/stat`.
    static func cpuTicks(_ pid: Int32) -> Int? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }
}
