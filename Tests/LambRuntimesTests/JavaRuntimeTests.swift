import Foundation
import LambCore
import Testing

@testable import LambRuntimes

@Suite("Java runtimes")
struct JavaRuntimeTests {
    @Test("a release file's JAVA_VERSION names the runtime of its major version")
    func releaseFiles() {
        let debian =
            "IMPLEMENTOR=\"Debian\"\nJAVA_RUNTIME_VERSION=\"17.0.15+6-Debian-1deb12u1\"\nJAVA_VERSION=\"17.0.15\"\n"
        #expect(JavaInstallations.releaseVersion(debian) == "17.0.15")
        #expect(JavaInstallations.releaseVersion("JAVA_VERSION=\"25\"") == "25")
        #expect(JavaInstallations.releaseVersion("IMPLEMENTOR=\"x\"") == nil)
        #expect(JavaInstallations.runtimeName(forVersion: "17.0.15") == "java17")
        #expect(JavaInstallations.runtimeName(forVersion: "21.0.2") == "java21")
        #expect(JavaInstallations.runtimeName(forVersion: "25") == "java25")
        #expect(JavaInstallations.runtimeName(forVersion: "11.0.2") == nil)
        #expect(JavaInstallations.runtimeName(forVersion: "1.8.0_392") == nil)
    }

    @Test("installations are found by their release files; the first of a major version wins")
    func discovery() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try makeJDK(at: "\(root)/jdk-17-a", version: "17.0.9")
        try makeJDK(at: "\(root)/jdk-17-b", version: "17.0.15")
        try makeJDK(at: "\(root)/temurin-25", version: "25.0.3")
        try makeJDK(at: "\(root)/jdk-11", version: "11.0.2")
        try FileManager.default.createDirectory(atPath: "\(root)/no-release/bin", withIntermediateDirectories: true)
        let found = JavaInstallations.discover(homes: [
            "\(root)/no-release", "\(root)/jdk-17-b", "\(root)/jdk-17-a", "\(root)/temurin-25", "\(root)/jdk-11",
        ]).byRuntime
        #expect(found.keys.sorted() == ["java17", "java25"])
        #expect(found["java17"]?.version == "17.0.15")
        #expect(found["java25"]?.java == "\(root)/temurin-25/bin/java")
        // --interpreter java25=PATH takes the java executable as well as the home.
        #expect(JavaInstallations.installation(at: "\(root)/temurin-25/bin/java")?.home == "\(root)/temurin-25")
        #expect(JavaInstallations.installation(at: "\(root)/no-release") == nil)
    }

    @Test("the JVM's flags: 85% of the memory as heap, serial GC, CDS, C1 only, and what JAVA_TOOL_OPTIONS sets wins")
    func flags() {
        let defaults = RuntimeCatalog.javaFlags(memoryMB: 512, toolOptions: nil, stopsTieredCompilation: true)
        #expect(
            defaults == [
                "-XX:MaxHeapSize=445644k", "-XX:+UseSerialGC", "-Xshare:auto", "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Djava.net.preferIPv4Stack=true",
                "-XX:+ErrorFileToStderr",
            ])
        #expect(
            RuntimeCatalog.javaFlags(memoryMB: 128, toolOptions: nil, stopsTieredCompilation: true).first
                == "-XX:MaxHeapSize=111411k")
        let user = RuntimeCatalog.javaFlags(
            memoryMB: 512, toolOptions: "-Xmx200m -XX:+UseParallelGC -XX:TieredStopAtLevel=4",
            stopsTieredCompilation: true)
        #expect(!user.contains { $0.hasPrefix("-XX:MaxHeapSize") || $0.hasSuffix("GC") || $0.contains("Tiered") })
        #expect(user.contains("-Xshare:auto"))
        let noTiered = RuntimeCatalog.javaFlags(memoryMB: 512, toolOptions: nil, stopsTieredCompilation: false)
        #expect(!noTiered.contains { $0.contains("Tiered") })
    }

    @Test("C1 only on java17 and java21 always; on java25 only for on-demand environments")
    func tieredCompilation() {
        #expect(RuntimeCatalog.stopsTieredCompilation(runtime: "java17", initializationType: "provisioned-concurrency"))
        #expect(RuntimeCatalog.stopsTieredCompilation(runtime: "java21", initializationType: "on-demand"))
        #expect(RuntimeCatalog.stopsTieredCompilation(runtime: "java25", initializationType: "on-demand"))
        #expect(
            !RuntimeCatalog.stopsTieredCompilation(runtime: "java25", initializationType: "provisioned-concurrency"))
    }

    @Test("a sandbox with a language root sees the JDK at /var/lang and the client under /var/runtime")
    func launchInSandbox() throws {
        let (catalog, classes, cleanup) = try prebuiltCatalog()
        defer { cleanup() }
        let layout = RuntimeLayout(
            taskRoot: "/var/task", runtimeDirectory: "/var/runtime", languageRoot: "/var/lang")
        let launch = try catalog.launch(
            runtime: "java17", handler: "example.Hello::handle", layout: layout, functionVariables: [:],
            memorySizeMB: 256)
        #expect(launch.executable == "/var/lang/bin/java")
        #expect(launch.binds.contains(HostBind(host: "/jdks/jdk-17", inside: "/var/lang")))
        #expect(launch.binds.contains(HostBind(host: classes, inside: "/var/runtime/java/lib")))
        #expect(
            launch.arguments.suffix(4) == [
                "-classpath", "/var/runtime/java/lib", "lamb.runtime.Bootstrap", "example.Hello::handle",
            ])
        #expect(launch.arguments.contains("-XX:MaxHeapSize=222822k"))
        #expect(launch.environment["AWS_EXECUTION_ENV"] == "AWS_Lambda_java17")
        #expect(launch.runtimeVersion == "java:17.lamb")
    }

    @Test("plain processes run the JDK and the client at their host paths")
    func launchAsProcess() throws {
        let (catalog, classes, cleanup) = try prebuiltCatalog()
        defer { cleanup() }
        let layout = RuntimeLayout(taskRoot: "/code", runtimeDirectory: "/shims", optDirectory: "/layers/k")
        let launch = try catalog.launch(
            runtime: "java17", handler: "example.Hello", layout: layout, functionVariables: [:], memorySizeMB: 128)
        #expect(launch.executable == "/jdks/jdk-17/bin/java")
        #expect(launch.hostPaths.starts(with: ["/jdks/jdk-17", classes]))
        #expect(launch.arguments.suffix(3) == [classes, "lamb.runtime.Bootstrap", "example.Hello"])
        #expect(launch.environment[RuntimeCatalog.optDirectoryVariable] == "/layers/k")
    }

    @Test("a Java runtime without an installation, or without javac for the client, is refused with the reason")
    func refusals() throws {
        let (catalog, _, cleanup) = try prebuiltCatalog()
        defer { cleanup() }
        let missing = try #require(catalog.unavailabilityReason(for: "java21"))
        #expect(missing.contains("java21 is not available on this host"))
        #expect(missing.contains("java17 (java 17.0.15)"))
        #expect(catalog.availableRuntimes.contains("java17"))
        let noJavac = RuntimeCatalog(
            interpreters: ["java17": "/jdks/jdk-17/bin/java"], shimsDirectory: "/shims",
            interpreterVersions: ["java17": "17.0.15"])
        #expect(try #require(noJavac.unavailabilityReason(for: "java17")).contains("javac"))
        #expect(!noJavac.availableRuntimes.contains("java17"))
    }

    @Test("the client's classes are kept under a hash of its sources, which changes with them")
    func sourcesHash() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/a", withIntermediateDirectories: true)
        try "class A {}".write(toFile: "\(root)/a/A.java", atomically: true, encoding: .utf8)
        let files = JavaRuntimeBuild.sourceFiles(in: root)
        #expect(files == ["\(root)/a/A.java"])
        let first = try JavaRuntimeBuild.hash(of: files, root: root)
        try "class A { int x; }".write(toFile: "\(root)/a/A.java", atomically: true, encoding: .utf8)
        #expect(try JavaRuntimeBuild.hash(of: files, root: root) != first)
        #expect(first.count == 24)
    }

    // MARK: - Helpers

    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "lamb-java-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func makeJDK(at home: String, version: String) throws {
        try FileManager.default.createDirectory(atPath: "\(home)/bin", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(
            atPath: "\(home)/bin/java", contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        try "JAVA_VERSION=\"\(version)\"\n".write(toFile: "\(home)/release", atomically: true, encoding: .utf8)
    }

    /// A catalogue with java17 at /jdks/jdk-17 and a client "compiled" already (a Bootstrap.class in the cache).
    private func prebuiltCatalog() throws -> (RuntimeCatalog, String, () -> Void) {
        let root = try temporaryDirectory()
        let sources = "\(root)/src"
        try FileManager.default.createDirectory(atPath: sources, withIntermediateDirectories: true)
        try "class A {}".write(toFile: "\(sources)/A.java", atomically: true, encoding: .utf8)
        let hash = try JavaRuntimeBuild.hash(of: JavaRuntimeBuild.sourceFiles(in: sources), root: sources)
        let classes = "\(root)/cache/\(hash)/classes"
        try FileManager.default.createDirectory(atPath: "\(classes)/lamb/runtime", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(classes)/lamb/runtime/Bootstrap.class", contents: Data())
        let catalog = RuntimeCatalog(
            interpreters: ["java17": "/jdks/jdk-17/bin/java"], shimsDirectory: "/shims",
            interpreterVersions: ["java17": "17.0.15"],
            javaRuntime: JavaRuntimeBuild(sourcesDirectory: sources, cacheDirectory: "\(root)/cache", javac: nil))
        return (catalog, classes, { try? FileManager.default.removeItem(atPath: root) })
    }
}
