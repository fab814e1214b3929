import Foundation
import LambCore

extension RuntimeCatalog {
    /// Custom runtimes run an executable named `bootstrap`: the function's own (`/var/task/bootstrap`), or else a
    /// layer's (`/opt/bootstrap`), as Lambda looks for them. With neither, a script of Lamb's reports
    /// `Runtime.InvalidEntrypoint` as the init error, which is what Lambda answers.
    func providedLaunch(runtime: String, layout: RuntimeLayout) -> RuntimeLaunch {
        let version = "provided:\(runtime.replacingOccurrences(of: "provided.", with: "")).lamb"
        // Named as Lambda names them in the error, whatever the paths are under this sandbox.
        let candidates = ["/var/task/bootstrap", "/opt/bootstrap"]
        guard let executable = Self.bootstrap(in: layout) else {
            return RuntimeLaunch(
                executable: Self.bash,
                arguments: ["\(layout.runtimeDirectory)/provided/invalid_entrypoint.sh"] + candidates,
                environment: layout.optVariables, runtimeVersion: version)
        }
        return RuntimeLaunch(
            executable: executable, arguments: [], environment: layout.optVariables, runtimeVersion: version)
    }

    /// Where bash is, on the host and (the system directories are bound at the same paths) inside the sandbox.
    static let bash =
        ["/bin/bash", "/usr/bin/bash", "/usr/local/bin/bash"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        } ?? "/bin/bash"

    /// The bootstrap to run as the runtime sees it, or `nil` when neither the code nor the layers hold an
    /// executable `bootstrap`. Without host paths to look at, the code's bootstrap is assumed.
    static func bootstrap(in layout: RuntimeLayout) -> String? {
        let inCode = "\(layout.taskRoot)/bootstrap"
        guard let hostCode = layout.hostCodeDirectory else { return inCode }
        if FileManager.default.isExecutableFile(atPath: "\(hostCode)/bootstrap") { return inCode }
        if let hostOpt = layout.hostOptDirectory, FileManager.default.isExecutableFile(atPath: "\(hostOpt)/bootstrap") {
            return "\(layout.optDirectory)/bootstrap"
        }
        return nil
    }
}
