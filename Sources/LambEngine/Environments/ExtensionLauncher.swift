import Foundation
import LambCore
import LambRuntimeAPI
import LambSandbox

/// Starts a function's external extensions (`/opt/extensions`, from its layers) with its runtime: the environment's
/// first process is Lamb's launcher script (`Shims/extensions/lamb_extensions.sh`), which starts each extension in
/// the background and then becomes the runtime, so that extensions share the runtime's sandbox, cgroup, freezer and
/// process group (frozen, thawed and killed with it). The launcher reports an extension's exit on stderr behind a
/// token of this environment's; the log hands those lines to the hub instead of the function's log.
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
        let token = "LAMB-EXTENSION-EXIT-" + Identifiers.hex(bytes: 8)
        spec.arguments =
            ["\(paths.runtimeDirectory)/extensions/lamb_extensions.sh", "\(paths.optDirectory)/extensions", token,
             spec.executable] + spec.arguments
        spec.executable = "/bin/sh"
        log.intercept(prefix: token + " ") { report in
            let parts = report.split(separator: " ")
            guard parts.count == 2, let status = Int(parts[1]) else { return }
            hub.exited(name: String(parts[0]), status: status)
        }
    }
}
