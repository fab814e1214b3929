import Foundation
import LambCore

extension RuntimeCatalog {
    /// Java: the installation's `java` running Lamb's runtime client (`lamb.runtime.Bootstrap`) with the flags
    /// Lambda's Java runtimes start the JVM with.
    ///
    /// With a language root (the Linux sandbox) the whole installation appears there, as on Lambda
    /// (`/var/lang/bin/java`, so `java.home` is `/var/lang`), and the compiled client at
    /// `/var/runtime/java/lib`; plain processes run both at their host paths.
    func javaLaunch(
        runtime: String, handler: String, layout: RuntimeLayout, functionVariables: [String: String],
        memorySizeMB: Int, initializationType: String
    ) throws -> RuntimeLaunch {
        guard let build = javaRuntime else {
            throw LambError(
                .invalidRuntime, "Runtime \(runtime) needs Lamb's Java runtime client, which is not set up.")
        }
        let hostClasses = try build.classesDirectory()
        let home = Self.prefix(of: interpreters[runtime]!)
        let major = runtime.dropFirst("java".count)
        var environment = ["AWS_EXECUTION_ENV": "AWS_Lambda_\(runtime)"]
        environment.merge(layout.optVariables) { _, new in new }
        let flags = Self.javaFlags(
            memoryMB: memorySizeMB, toolOptions: functionVariables["JAVA_TOOL_OPTIONS"],
            stopsTieredCompilation: Self.stopsTieredCompilation(
                runtime: runtime, initializationType: initializationType))
        let configuration = JavaInstallations.linkedConfigurationDirectories(home: home)
        let executable: String
        let classes: String
        var hostPaths: [String] = []
        var binds: [HostBind] = []
        if let root = layout.languageRoot {
            executable = "\(root)/bin/java"
            classes = "\(layout.runtimeDirectory)/\(Self.javaClassesMountPoint)"
            binds = [HostBind(host: home, inside: root), HostBind(host: hostClasses, inside: classes)]
            hostPaths = configuration
        } else {
            executable = "\(home)/bin/java"
            classes = hostClasses
            hostPaths = [home, hostClasses] + configuration
        }
        return RuntimeLaunch(
            executable: executable,
            arguments: flags + ["-classpath", classes, "lamb.runtime.Bootstrap", handler],
            environment: environment, runtimeVersion: "java:\(major).lamb", hostPaths: hostPaths, binds: binds)
    }

    /// Where the compiled client appears under the runtime directory inside a sandbox: a directory the package's
    /// resources hold (empty but for a note), so that it exists under the read-only `/var/runtime` to mount on.
    static let javaClassesMountPoint = "java/lib"

    /// Lambda's JVM flags, sized for `memoryMB`: 85% of the memory as the heap (the rest is metaspace, code cache
    /// and threads), the serial collector, class data sharing when the JDK has an archive, IPv4 sockets, fatal
    /// error reports on standard error and, unless `stopsTieredCompilation` is false, the C1 compiler only (fast
    /// start-up). A flag the function's `JAVA_TOOL_OPTIONS` sets itself is left out: the JVM reads those options
    /// before the command line, so Lamb's default would otherwise win (and two collectors stop the JVM).
    static func javaFlags(memoryMB: Int, toolOptions: String?, stopsTieredCompilation: Bool) -> [String] {
        let options = toolOptions ?? ""
        let tokens = options.split(whereSeparator: \.isWhitespace)
        func userSets(_ markers: String...) -> Bool { markers.contains { options.contains($0) } }
        var flags: [String] = []
        if memoryMB > 0, !userSets("-Xmx", "MaxHeapSize", "MaxRAMPercentage", "MaxRAM=") {
            flags.append("-XX:MaxHeapSize=\(memoryMB * 1024 * 85 / 100)k")
        }
        if !tokens.contains(where: { $0.hasPrefix("-XX:+Use") && $0.hasSuffix("GC") }) {
            flags.append("-XX:+UseSerialGC")
        }
        if !userSets("-Xshare") { flags.append("-Xshare:auto") }
        if stopsTieredCompilation, !userSets("TieredCompilation", "TieredStopAtLevel") {
            flags += ["-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"]
        }
        flags += [
            "--add-opens=java.base/java.io=ALL-UNNAMED", "-Djava.net.preferIPv4Stack=true", "-XX:+ErrorFileToStderr",
        ]
        return flags
    }

    /// Lambda stops tiered compilation at C1 on java17 and java21 always; from java25 not for provisioned
    /// concurrency (nor SnapStart), whose init is outside any invocation's time.
    static func stopsTieredCompilation(runtime: String, initializationType: String) -> Bool {
        guard let major = Int(runtime.dropFirst("java".count)), major >= 25 else { return true }
        return initializationType == "on-demand"
    }
}
