import Foundation
import LambCore
import LambRuntimeAPI
import LambSandbox

/// Starts a function's external extensions (`/opt/extensions`, from its layers, or in its container image) with its
/// runtime. For a .zip function the environment's first process is Lamb's launcher script
/// (`Shims/extensions/lamb_extensions.sh`), which starts each extension in the background and then becomes the
/// runtime, so that extensions share the runtime's sandbox, cgroup, freezer and process group (frozen, thawed and
/// killed with it). An image may have no shell: there `lamb-jail`'s init starts them (`--extension`), in the same
/// cgroups. Either reports an extension's exit on stderr behind a token of this environment's; the log hands those
/// lines to the hub instead of the function's log.
enum ExtensionLauncher {
    /// Names of the executable files in `<opt>/extensions` (host path), as the launcher will start them.
    static func executables(in optDirectory: String) -> [String] {
        let directory = optDirectory + "/extensions"
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { name in
            var isDirectory: ObjCBool = false
            let path = directory + "/" + name
            return fm.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && fm.isExecutableFile(atPath: path)
        }.sorted()
    }

    static func prepend(to spec: inout LaunchSpec, paths: SandboxPaths, log: EnvironmentLog, hub: ExtensionsHub) {
        let token = watchExits(log: log, hub: hub)
        spec.arguments =
            ["\(paths.runtimeDirectory)/extensions/lamb_extensions.sh", "\(paths.optDirectory)/extensions", token,
             spec.executable] + spec.arguments
        spec.executable = "/bin/sh"
    }

    /// A container image's extensions (its own `/opt/extensions`, inside paths): the sandbox starts them.
    static func startFromImage(_ extensions: [String], spec: inout LaunchSpec, log: EnvironmentLog, hub: ExtensionsHub) {
        guard !extensions.isEmpty else { return }
        hub.expect(Set(extensions.map { String($0.split(separator: "/").last ?? "") }))
        spec.imageExtensions = extensions
        spec.extensionToken = watchExits(log: log, hub: hub)
    }

    /// A token of this environment's; lines `TOKEN NAME STATUS` on its output are an extension's exit, handed to the
    /// hub instead of the function's log.
    private static func watchExits(log: EnvironmentLog, hub: ExtensionsHub) -> String {
        let token = "LAMB-EXTENSION-EXIT-" + Identifiers.hex(bytes: 8)
        log.intercept(prefix: token + " ") { report in
            let parts = report.split(separator: " ")
            guard parts.count == 2, let status = Int(parts[1]) else { return }
            hub.exited(name: String(parts[0]), status: status)
        }
        return token
    }
}
