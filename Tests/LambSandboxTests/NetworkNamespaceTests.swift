import Foundation
import LambCore
import LambSandbox
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Network modes")
struct NetworkModeTests {
    @Test("--network takes host or isolated")
    func parsing() {
        #expect(NetworkMode(rawValue: "host") == .host)
        #expect(NetworkMode(rawValue: "isolated") == .isolated)
        #expect(NetworkMode(rawValue: "none") == nil)
        #expect(NetworkMode(rawValue: "Isolated") == nil)
    }

    @Test("the host's network is always available")
    func hostAlways() {
        for driver in ["linux", "process"] {
            for isRoot in [true, false] {
                #expect(
                    NetworkMode.host.unavailableReason(driver: driver, isRoot: isRoot, hasJail: false, isLinux: false)
                        == nil)
            }
        }
    }

    @Test("isolated needs Linux, root, and the jail for plain processes")
    func isolatedNeeds() throws {
        let mode = NetworkMode.isolated
        #expect(mode.unavailableReason(driver: "linux", isRoot: true, hasJail: true, isLinux: true) == nil)
        #expect(mode.unavailableReason(driver: "process", isRoot: true, hasJail: true, isLinux: true) == nil)
        let notLinux = try #require(
            mode.unavailableReason(driver: "process", isRoot: true, hasJail: true, isLinux: false))
        #expect(notLinux.contains("needs Linux"))
        let notRoot = try #require(
            mode.unavailableReason(driver: "process", isRoot: false, hasJail: true, isLinux: true))
        #expect(notRoot.contains("needs root"))
        let noJail = try #require(
            mode.unavailableReason(driver: "process", isRoot: true, hasJail: false, isLinux: true))
        #expect(noJail.contains("lamb-jail"))
    }

    @Test("the banner line names the mode, and the weaker guarantee of plain processes")
    func summaries() {
        #expect(NetworkMode.host.summary(driver: "linux").hasPrefix("network: host"))
        let linux = NetworkMode.isolated.summary(driver: "linux")
        #expect(linux.hasPrefix("network: isolated"))
        #expect(linux.contains("127.0.0.1:9001") && linux.contains("unreachable"))
        #expect(!linux.contains("plain processes"))
        #expect(NetworkMode.isolated.summary(driver: "process").contains("plain processes"))
    }
}

@Suite("Network namespaces", .enabled(if: SandboxHost.isRoot, "network namespaces need root"))
struct NetworkNamespaceTests {
    static func namespaceLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let n = readlink(path, &buffer, buffer.count - 1)
        return n > 0 ? String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
    }

    @Test("each environment gets a namespace of its own with the Runtime API on 9001; the caller stays home")
    func takes() throws {
        let home = Self.namespaceLink("/proc/thread-self/ns/net")
        let pool = NetworkNamespacePool(target: 2)
        defer { pool.stop() }
        let first = try pool.take()
        let second = try pool.take()
        defer {
            first.discardListener()
            second.discardListener()
        }
        #expect(first.port == 9001 && second.port == 9001)
        #expect(first.host == "127.0.0.1")
        let one = Self.namespaceLink("/proc/self/fd/\(first.namespace.descriptor)")
        let two = Self.namespaceLink("/proc/self/fd/\(second.namespace.descriptor)")
        #expect(one != nil && two != nil && one != two)
        #expect(one != home && two != home)
        #expect(Self.namespaceLink("/proc/thread-self/ns/net") == home)
        // The pool makes more ahead of the next cold starts.
        #expect(SandboxHost.eventually { pool.readyCount == 2 })
    }

    @Test("a further listener in the same namespace (a SnapStart restore's) gets a free port")
    func furtherListener() throws {
        let network = try NetworkNamespacePool(target: 0).take()
        defer { network.discardListener() }
        let restore = try network.namespace.newListener()
        defer { restore.discardListener() }
        #expect(restore.port != 9001 && restore.port > 0)
        #expect(restore.namespace === network.namespace)
    }

    @Test("connections inside are found, and their owner told, through the namespace's own sock_diag socket")
    func ownerInside() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/nsenter"),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
        else { return }
        let network = try NetworkNamespacePool(target: 0).take()
        defer { network.discardListener() }
        // A client inside the namespace (nsenter joins it through this process's descriptor), as root.
        let client = Task {
            try await HelperCommand.run(
                "/usr/bin/nsenter",
                [
                    "--net=/proc/\(getpid())/fd/\(network.namespace.descriptor)", "/usr/bin/python3", "-c",
                    "import socket, time; s = socket.create_connection(('127.0.0.1', 9001)); time.sleep(2)",
                ])
        }
        // Generous: on a loaded machine (the whole suite runs in parallel) starting python under nsenter can take
        // seconds.
        var accepted: Int32 = -1
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while accepted < 0 && ContinuousClock.now < deadline {
            accepted = accept(network.listener, nil, nil)
            if accepted < 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        if accepted < 0 { Issue.record("the client inside ended with \(String(describing: try? await client.value))") }
        #expect(accepted >= 0)
        defer { close(accepted) }
        var local = sockaddr_storage()
        var peer = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(accepted, $0, &length) }
        }
        length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &peer) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(accepted, $0, &length) }
        }
        let owner = withUnsafePointer(to: &local) { l in
            withUnsafePointer(to: &peer) { p in
                l.withMemoryRebound(to: sockaddr.self, capacity: 1) { l in
                    p.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in
                        network.namespace.ownerUID(local: l, peer: p)
                    }
                }
            }
        }
        #expect(owner == 0)
        _ = try await client.value
    }
}

@Suite("Network namespace lifetimes", .enabled(if: SandboxHost.isRoot, "network namespaces need root"))
struct NetworkNamespaceLifetimeTests {
    @Test("the namespace closes when its last environment releases it, and nothing more is made in it")
    func release() throws {
        let network = try NetworkNamespacePool(target: 0).take()
        network.discardListener()
        let restore = try network.namespace.newListener()
        restore.discardListener()
        network.namespace.release()
        #expect(network.namespace.descriptor >= 0)  // the restore still uses it
        network.namespace.release()
        #expect(network.namespace.descriptor == -1)
        #expect(throws: SandboxError.self) { _ = try network.namespace.newListener() }
        network.namespace.release()  // once too often: nothing happens
    }
}
