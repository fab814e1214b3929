import Foundation
import LambCore
import LambSandbox
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs shell commands in a real environment made by ``LinuxSandbox`` and `lamb-jail` (needs root).
@Suite(
    "Linux sandbox", .enabled(if: SandboxHost.linuxSandboxUsable, "needs root, cgroups and the lamb-jail executable"))
struct LinuxSandboxTests {
    /// Runs `script` with `/bin/sh` in a fresh environment and returns its exit and output.
    func run(_ script: String, memoryMB: Int = 128, tmpMB: Int = 16) async throws -> (exit: ProcessExit, output: String)
    {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lamb-sbx-\(UUID().uuidString)")
        let code = root.appendingPathComponent("code")
        try FileManager.default.createDirectory(at: code, withIntermediateDirectories: true)
        try "print me".write(to: code.appendingPathComponent("file.txt"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: root) }
        let cgroups = try SandboxHost.freshCgroups()
        defer { cgroups.removeInstance() }
        let sandbox = LinuxSandbox(
            cgroups: cgroups, jailExecutable: SandboxHost.jail!,
            environmentsDirectory: root.appendingPathComponent("envs").path)
        let spec = LaunchSpec(
            environmentId: "e\(UUID().uuidString.prefix(8))", executable: "/bin/sh", arguments: ["-c", script],
            environment: ["PATH": "/usr/bin:/bin"], codeDirectory: code.path, runtimeDirectory: code.path,
            memorySizeMB: memoryMB, ephemeralStorageMB: tmpMB)
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let process = try sandbox.launch(spec, outputFD: fds[1])
        close(fds[1])
        let exit = await withCheckedContinuation { continuation in process.onExit { continuation.resume(returning: $0) }
        }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            if n <= 0 { break }
            output.append(contentsOf: buffer[0..<n])
        }
        close(fds[0])
        process.cleanUp()
        return (exit, String(decoding: output, as: UTF8.self))
    }

    @Test("the runtime is pid 2 of its own namespace and runs as an unprivileged user in /var/task")
    func identity() async throws {
        let (exit, output) = try await run("set -- /proc/[0-9]*; echo pid=$$ uid=$(id -u) cwd=$PWD procs=$*")
        #expect(exit == .exited(code: 0))
        #expect(output.contains("pid=2 "))
        #expect(output.contains("cwd=/var/task"))
        #expect(!output.contains("uid=0 "))
        #expect(output.contains("procs=/proc/1 /proc/2\n"), "only init and the runtime are visible")
    }

    @Test("code is read-only at /var/task, / is read-only, /tmp is writable and sized")
    func fileSystem() async throws {
        let script = """
            cat /var/task/file.txt; echo
            touch /var/task/new 2>/dev/null && echo task-writable || echo task-readonly
            touch /newfile 2>/dev/null && echo root-writable || echo root-readonly
            echo hi > /tmp/x && echo tmp-writable
            dd if=/dev/zero of=/tmp/fill bs=1M count=64 2>/dev/null || echo tmp-full
            """
        let (exit, output) = try await run(script, tmpMB: 8)
        #expect(exit == .exited(code: 0))
        for expected in ["print me", "task-readonly", "root-readonly", "tmp-writable", "tmp-full"] {
            #expect(output.contains(expected), "\(expected) in \(output)")
        }
    }

    @Test("the host's home directories and other trees are not visible")
    func hiddenHost() async throws {
        let home = NSHomeDirectory()
        let (_, output) = try await run("ls -a \(home) 2>&1 | tr '\\n' ' '; ls /work 2>&1 | head -1")
        #expect(!output.contains(".bashrc"))
        #expect(output.contains("No such file") || output.isEmpty || !output.contains("main"))
    }

    @Test("an exit status and a signal come back as the runtime's own")
    func exitStatus() async throws {
        #expect(try await run("exit 3").exit == .exited(code: 3))
        #expect(try await run("kill -SEGV $$").exit == .signaled(signal: SIGSEGV))
    }

    @Test("/dev has only the harmless devices, usable by the runtime, and it cannot add any")
    func devices() async throws {
        let script = """
            ls /dev | tr '\\n' ' '; echo
            echo x > /dev/null && echo null-writable
            head -c 8 /dev/urandom | wc -c
            stat -c '%A %t:%T %n' /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty
            touch /dev/new 2>/dev/null && echo dev-writable || echo dev-closed
            """
        let (exit, output) = try await run(script)
        #expect(exit == .exited(code: 0))
        #expect(output.contains("fd full null random stderr stdin stdout tty urandom zero \n"), "\(output)")
        #expect(output.contains("null-writable"))
        #expect(output.contains("\n8\n"))
        for node in ["crw-rw-rw- 1:3 /dev/null", "crw-rw-rw- 1:5 /dev/zero", "crw-rw-rw- 1:9 /dev/urandom"] {
            #expect(output.contains(node), "\(node) in \(output)")
        }
        #expect(output.contains("dev-closed"))
    }

    @Test("going over the memory limit is an OOM kill")
    func outOfMemory() async throws {
        // A shell that keeps doubling a string grows without bound.
        let (exit, _) = try await run("x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done", memoryMB: 128)
        #expect(exit == .outOfMemory)
    }
}

@Suite("Linux sandbox entry points", .enabled(if: SandboxHost.linuxSandboxUsable, "needs root, cgroups and lamb-jail"))
struct LinuxSandboxEntrypointTests {
    @Test("a bootstrap missing from /var/task is an invalid entry point, found before anything is set up")
    func missingBootstrap() throws {
        let code = FileManager.default.temporaryDirectory.appendingPathComponent("lamb-ep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: code, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: code) }
        let sandbox = LinuxSandbox(
            cgroups: try SandboxHost.freshCgroups(), jailExecutable: SandboxHost.jail!,
            environmentsDirectory: code.appendingPathComponent("envs").path)
        defer { sandbox.tearDown() }
        let spec = LaunchSpec(
            environmentId: "ep1", executable: "/var/task/bootstrap", arguments: [], environment: [:],
            codeDirectory: code.path, runtimeDirectory: code.path, memorySizeMB: 128, ephemeralStorageMB: 512)
        let process = try sandbox.launch(spec, outputFD: 2)
        let exit = Mutex<ProcessExit?>(nil)
        process.onExit { e in exit.withLock { $0 = e } }
        #expect(exit.withLock { $0 } == .invalidEntrypoint(path: "/var/task/bootstrap", errno: ENOENT))
    }
}
