import Foundation
import Testing

@testable import LambSandbox

/// Finding the cgroups root handed to a normal user, on fake cgroup trees (plain directories and files).
@Suite("Rootless: delegated cgroups and user namespaces")
struct CgroupDelegationTests {
    private func tree(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cg-\(UUID().uuidString)").path
        for (path, contents) in files {
            let full = "\(root)/\(path)"
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try contents.write(toFile: full, atomically: false, encoding: .utf8)
        }
        return root
    }

    @Test("v1: each controller's lamb-user-<uid> directory the user may write")
    func v1Delegation() throws {
        let root = try tree([
            "memory/lamb-user-1000/cgroup.procs": "", "pids/lamb-user-1000/cgroup.procs": "",
            "cpu/cgroup.procs": "",  // a hierarchy without the user's directory
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let host = try CgroupDelegation.probe(instance: "i1", uid: 1000, cgroupRoot: root, ownCgroup: "/").get()
        #expect(host.delegated)
        #expect(
            host.layout
                == .v1(
                    controllers: ["memory": "\(root)/memory/lamb-user-1000", "pids": "\(root)/pids/lamb-user-1000"],
                    unified: nil))
        #expect(host.limitsMemory && !host.limitsCPU && !host.freezes)
    }

    @Test("v1 without the user's directories: no cgroups, and the reason names the directory")
    func v1Missing() throws {
        let root = try tree(["memory/cgroup.procs": ""])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = CgroupDelegation.probe(instance: "i1", uid: 1000, cgroupRoot: root, ownCgroup: "/")
        guard case .failure(let why) = result else {
            Issue.record("expected no delegation, got \(result)")
            return
        }
        #expect(why.reason.contains("lamb-user-1000"))
    }

    @Test("v2: Lamb's own cgroup, when the user may write it, with the controllers it offers")
    func v2Delegation() throws {
        let root = try tree([
            "cgroup.controllers": "cpu memory pids io",
            "user.slice/lamb.scope/cgroup.procs": "", "user.slice/lamb.scope/cgroup.subtree_control": "",
            "user.slice/lamb.scope/cgroup.controllers": "memory pids",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let host = try CgroupDelegation.probe(
            instance: "i1", uid: 1000, cgroupRoot: root, ownCgroup: "/user.slice/lamb.scope"
        ).get()
        #expect(host.layout == .v2(root: "\(root)/user.slice/lamb.scope", controllers: ["memory", "pids"]))
        #expect(host.delegated && host.freezes && !host.limitsCPU)
    }

    @Test("v2 where Lamb's cgroup is not the user's: no cgroups")
    func v2NotDelegated() throws {
        let root = try tree(["cgroup.controllers": "cpu memory pids", "user.slice/cgroup.procs": ""])
        defer { try? FileManager.default.removeItem(atPath: root) }
        // No cgroup.subtree_control there: not a cgroup this user can hand controllers down from.
        let result = CgroupDelegation.probe(instance: "i1", uid: 1000, cgroupRoot: root, ownCgroup: "/user.slice")
        guard case .failure(let why) = result else {
            Issue.record("expected no delegation, got \(result)")
            return
        }
        #expect(why.reason.contains("not delegated"))
    }

    @Test("the set-up commands follow the host's layout")
    func setupCommands() throws {
        let v1 = try tree(["memory/cgroup.procs": ""])
        let v2 = try tree(["cgroup.controllers": "memory"])
        defer {
            try? FileManager.default.removeItem(atPath: v1)
            try? FileManager.default.removeItem(atPath: v2)
        }
        let forV1 = CgroupDelegation.setupCommands(uid: 1000, gid: 100, cgroupRoot: v1).joined(separator: "\n")
        #expect(forV1.contains("lamb-user-1000") && forV1.contains("chown -R 1000:100"))
        let forV2 = CgroupDelegation.setupCommands(uid: 1000, gid: 100, cgroupRoot: v2).joined(separator: "\n")
        #expect(forV2.contains("systemd-run --user --scope -p Delegate=yes"))
    }

    @Test(
        "user namespaces: the kernel switches that turn them off are named",
        arguments: [
            (["user/max_user_namespaces": "0\n"], "max_user_namespaces"),
            (["user/max_user_namespaces": "1000\n", "kernel/unprivileged_userns_clone": "0\n"], "unprivileged_userns_clone"),
            (["kernel/apparmor_restrict_unprivileged_userns": "1\n"], "apparmor"),
        ])
    func userNamespaceSwitches(files: [String: String], named: String) throws {
        let proc = try tree(files)
        defer { try? FileManager.default.removeItem(atPath: proc) }
        let reason = SandboxCapabilities.userNamespacesUnavailableReason(proc: proc)
        #expect(reason?.contains(named) == true)
    }

    @Test("user namespaces allowed: no reason")
    func userNamespacesAllowed() throws {
        let proc = try tree([
            "user/max_user_namespaces": "1000\n", "kernel/unprivileged_userns_clone": "1\n",
            "kernel/apparmor_restrict_unprivileged_userns": "0\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: proc) }
        #expect(SandboxCapabilities.userNamespacesUnavailableReason(proc: proc) == nil)
    }

    @Test("guarantees that are off carry their reason, on one line each")
    func guaranteeLines() {
        let driver = LinuxSandbox.rootless(
            cgroups: nil, cgroupsMissing: "no cgroups for you", jailExecutable: "/bin/true",
            environmentsDirectory: "/tmp")
        #expect(driver.name == "linux (rootless)")
        let lines = driver.guarantees.lines
        #expect(lines.contains("memory limit: off (no cgroups for you)"))
        #expect(lines.contains("private /tmp: on"))
        #expect(driver.guarantees.off == ["memory limit", "cpu limit", "freeze between invokes", "/tmp on disk"])
        #expect(driver.guarantees.reasons["/tmp on disk"]?.contains("loop devices need root") == true)
    }
}
