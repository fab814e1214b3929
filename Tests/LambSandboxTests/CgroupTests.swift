import Foundation
import LambCore
import LambSandbox
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// These tests make real cgroups on this host (they need root), put a busy process in one, and check the kernel
/// enforces what Lamb asked for.
@Suite("Cgroups on this host", .enabled(if: SandboxHost.cgroupsUsable, "needs root and a cgroup hierarchy"))
struct CgroupTests {
    /// A shell spinning in a busy loop inside `cgroup` (it writes itself into every procs file first).
    func spinner(in cgroup: any Cgroup) throws -> Int32 {
        let joins = cgroup.procsFiles.map { "echo 0 > \($0)" }.joined(separator: "; ")
        let null = open("/dev/null", O_WRONLY)
        defer { close(null) }
        return try Spawner.spawn(
            executable: "/bin/sh", arguments: ["-c", "\(joins); while :; do :; done"], environment: [:],
            workingDirectory: nil, outputFD: null)
    }

    func inCgroup(_ cgroup: any Cgroup, _ pid: Int32) -> Bool {
        guard let text = try? String(contentsOfFile: cgroup.procsFiles[0], encoding: .utf8) else { return false }
        return text.split(separator: "\n").contains { Int32($0) == pid }
    }

    func exercise(_ host: CgroupHost) async throws {
        let cgroup = try host.makeCgroup(
            environmentId: "env1", limits: CgroupLimits.forFunction(memoryMB: 256, hostCores: 2))
        let exited = AsyncStream<ProcessExit>.makeStream()
        let pid = try spinner(in: cgroup)
        ChildReaper.shared.watch(pid) { exit in
            exited.continuation.yield(exit)
            exited.continuation.finish()
        }
        #expect(SandboxHost.eventually { inCgroup(cgroup, pid) })

        try cgroup.freeze()
        #expect(SandboxHost.eventually { frozen(cgroup) })
        let before = SandboxHost.cpuTicks(pid)
        usleep(300_000)
        #expect(SandboxHost.cpuTicks(pid) == before, "a frozen process gets no CPU")

        try cgroup.thaw()
        #expect(SandboxHost.eventually { (SandboxHost.cpuTicks(pid) ?? 0) > (before ?? 0) }, "thawed, it runs again")
        #expect(cgroup.threadIDs().contains(pid))
        #expect((cgroup.peakMemoryBytes() ?? 0) > 0 || !host.limitsMemory)

        // Killing works on a frozen environment too.
        try cgroup.freeze()
        cgroup.killAll()
        var exit: ProcessExit?
        for await e in exited.stream { exit = e }
        #expect(exit == .signaled(signal: SIGKILL))
        #expect(cgroup.oomKills() == 0)
        #expect(cgroup.remove())
        host.removeInstance()
    }

    func frozen(_ cgroup: any Cgroup) -> Bool {
        if let v1 = cgroup as? CgroupV1 { return v1.isFrozen }
        if let v2 = cgroup as? CgroupV2 { return v2.isFrozen }
        return false
    }

    @Test("the host's layout: limits are applied, the freezer stops and resumes a busy process, kill works frozen")
    func hostLayout() async throws {
        try await exercise(try SandboxHost.freshCgroups())
    }

    @Test("v1 controllers with the v1 freezer (no unified hierarchy)")
    func v1FreezerOnly() async throws {
        // Only the layout is needed here: a probe makes no directories (a prepared host would be left behind).
        guard case .v1(let controllers, _) = CgroupHost.probe(instance: "probe")?.layout, controllers["freezer"] != nil else {
            return  // a pure v2 host has no v1 freezer to test
        }
        let host = CgroupHost(layout: .v1(controllers: controllers, unified: nil), instance: "test-v1-\(getpid())")
        try host.prepare()
        try await exercise(host)
    }

    @Test("with a unified hierarchy beside v1, an environment gets no v1 freezer cgroup (the v2 one freezes)")
    func hybridMakesNoV1Freezer() throws {
        let host = try SandboxHost.freshCgroups()
        guard case .v1(let controllers, let unified) = host.layout, controllers["freezer"] != nil, unified != nil else {
            return  // only hybrid hosts have both freezers
        }
        let cgroup = try host.makeCgroup(
            environmentId: "env3", limits: CgroupLimits.forFunction(memoryMB: 128, hostCores: 2))
        defer {
            _ = cgroup.remove()
            host.removeInstance()
        }
        let v1 = try #require(cgroup as? CgroupV1)
        #expect(v1.directories["freezer"] == nil)
        #expect(v1.unified != nil)
        #expect(Set(v1.directories.keys) == Set(controllers.keys).subtracting(["freezer"]))
        #expect(!v1.procsFiles.contains { $0.contains("/freezer/") })
    }

    @Test("a v1 memory limit is what the function's MemorySize says")
    func memoryLimitFile() throws {
        let host = try SandboxHost.freshCgroups()
        let cgroup = try host.makeCgroup(
            environmentId: "env2", limits: CgroupLimits.forFunction(memoryMB: 300, hostCores: 2))
        defer {
            _ = cgroup.remove()
            host.removeInstance()
        }
        if let v1 = cgroup as? CgroupV1, let memory = v1.directories["memory"] {
            let value = try String(contentsOfFile: "\(memory)/memory.limit_in_bytes", encoding: .utf8)
            #expect(value.trimmingCharacters(in: .whitespacesAndNewlines) == String(300 * 1_048_576))
        } else if let v2 = cgroup as? CgroupV2, v2.controllers.contains("memory") {
            let value = try String(contentsOfFile: "\(v2.path)/memory.max", encoding: .utf8)
            #expect(value.trimmingCharacters(in: .whitespacesAndNewlines) == String(300 * 1_048_576))
        }
    }
}
