import ArgumentParser
import Foundation
import LambCore
import LambRuntimes
import LambSandbox

/// `lamb doctor`: what this host can do, and what each capability enables.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor", abstract: "Show this host's capabilities: runtimes, sandbox guarantees.")

    @Option(name: .customLong("data-dir"), help: "The data directory `lamb serve` would use (names its cgroups).")
    var dataDir = ".lamb"

    @Flag(
        name: .customLong("print-setup"),
        help: "Print the commands that give this user cgroups of their own (the rootless sandbox's limits), and exit.")
    var printSetup = false

    func run() throws {
        if printSetup {
            for line in CgroupDelegation.setupCommands(uid: getuid(), gid: getgid()) { print(line) }
            return
        }
        printRuntimes()
        printSandbox()
    }

    private func printRuntimes() {
        let catalog = RuntimeCatalog.discover()
        print("Runtimes:")
        for runtime in LambdaRuntimeNames.python {
            row(runtime, catalog.interpreters[runtime] ?? "not installed")
        }
        for runtime in LambdaRuntimeNames.node {
            let version = catalog.interpreterVersions[runtime].map { " (node \($0))" } ?? ""
            row(
                runtime,
                catalog.interpreters[runtime].map { "\($0)\(version)" }
                    ?? "not installed (needs node \(runtime.dropFirst(6).prefix { $0.isNumber }))")
        }
        for runtime in LambdaRuntimeNames.java {
            let version = catalog.interpreterVersions[runtime].map { " (java \($0))" } ?? ""
            let needsJavac = catalog.javaRuntime == nil ? ", but no javac to compile Lamb's runtime client" : ""
            row(
                runtime,
                catalog.interpreters[runtime].map { "\(JavaInstallations.home(of: $0))\(version)\(needsJavac)" }
                    ?? "not installed (needs a JDK \(runtime.dropFirst(4)) under /usr/lib/jvm, on PATH or in JAVA_HOME)"
            )
        }
        for runtime in LambdaRuntimeNames.provided {
            row(runtime, "the function's bootstrap (or a layer's /opt/bootstrap)")
        }
        row("dotnet, ruby", "not supported yet (a provided.* runtime runs any language's bootstrap)")
    }

    private func printSandbox() {
        let capabilities = SandboxCapabilities.probe(
            instance: SandboxCapabilities.instanceName(dataDirectory: dataDir))
        print("Host:")
        row("user", "uid \(geteuid())" + (capabilities.isRoot ? " (root): namespaces, mounts and cgroups allowed" : ""))
        row("cgroups", capabilities.cgroups?.description ?? "none found")
        var delegated: CgroupHost?
        if !capabilities.isRoot {
            switch CgroupDelegation.probe(instance: SandboxCapabilities.instanceName(dataDirectory: dataDir)) {
            case .success(let host):
                delegated = host
                row("your cgroups", host.description)
            case .failure(let why):
                row("your cgroups", "none: \(why.reason) (lamb doctor --print-setup prints the fix)")
            }
            row(
                "user namespaces",
                SandboxCapabilities.userNamespacesUnavailableReason().map { "no: \($0)" }
                    ?? "yes: the rootless sandbox can run")
        }
        if let cgroups = capabilities.isRoot ? capabilities.cgroups : delegated {
            row("memory limit", cgroups.limitsMemory ? "yes: MemorySize caps each environment, OOM is detected" : "no")
            row("cpu limit", cgroups.limitsCPU ? "yes: 1769 MB = 1 vCPU" : "no")
            row("freezer", cgroups.freezes ? "yes: environments are frozen between invocations" : "no")
            row("cgroup joins", CgroupMoveTuning.state(of: cgroups).description)
        }
        row("lamb-jail", capabilities.jailExecutable ?? "not found (build every product: swift build)")
        row(
            "/tmp disks",
            TmpDiskSupport.unavailableReason(isRoot: capabilities.isRoot).map {
                "no: \($0); /tmp is a tmpfs counted in the function's memory"
            } ?? "yes: each environment's /tmp is an ext4 disk of EphemeralStorage MB under the data directory")
        print("Sandbox:")
        if let reason = capabilities.linuxUnavailableReason {
            row("--sandbox auto", "process (\(reason))")
            let process = ProcessSandbox(environmentsDirectory: NSTemporaryDirectory())
            row("process", process.guarantees.summary)
        } else {
            let linux =
                capabilities.isRoot
                ? LinuxSandbox(
                    cgroups: capabilities.cgroups!, jailExecutable: capabilities.jailExecutable!,
                    environmentsDirectory: NSTemporaryDirectory(),
                    tmpDiskUnavailableReason: TmpDiskSupport.unavailableReason(isRoot: true))
                : LinuxSandbox.rootless(
                    cgroups: delegated,
                    cgroupsMissing: delegated == nil ? "no cgroups delegated to you (lamb doctor --print-setup)" : nil,
                    jailExecutable: capabilities.jailExecutable!, environmentsDirectory: NSTemporaryDirectory())
            // The doctor makes no disks: as root, /tmp is on disk whenever the host could make one.
            var guarantees = linux.guarantees
            if capabilities.isRoot && linux.tmpDiskUnavailableReason == nil { guarantees.tmpOnDisk = true }
            row("--sandbox auto", linux.name)
            for line in guarantees.lines { row("", line) }
        }
        print("Network:")
        row("--network host", "default: functions share the host's network and reach its services")
        let driver = capabilities.linuxUnavailableReason == nil ? "linux" : "process"
        let reason = NetworkMode.isolated.unavailableReason(
            driver: driver, isRoot: capabilities.isRoot, hasJail: capabilities.jailExecutable != nil)
        row(
            "--network isolated",
            reason.map { "not available: \($0)" }
                ?? "available: a network namespace per environment (loopback only, Runtime API at 127.0.0.1:9001;"
                + " host services unreachable)")
    }

    private func row(_ name: String, _ value: String) {
        print("  \(name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(value)")
    }
}
