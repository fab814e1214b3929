import Foundation
import LambCore

extension RuntimeCatalog {
    /// Custom runtimes run an executable named `bootstrap`: the function's own (`/var/task/bootstrap`), or else a
    /// layer's (`/opt/bootstrap`), as Lambda looks for them.
    func providedLaunch(runtime: String, layout: RuntimeLayout) -> RuntimeLaunch {
        RuntimeLaunch(
            executable: Self.bootstrap(in: layout), arguments: [], environment: layout.optVariables,
            runtimeVersion: "provided:\(runtime.replacingOccurrences(of: "provided.", with: "")).lamb")
    }

    /// The bootstrap to run as the runtime sees it. When the host paths are known and neither place holds an
    /// executable `bootstrap`, the code's path is returned anyway: starting it fails, and that is the error the
    /// function gets.
    static func bootstrap(in layout: RuntimeLayout) -> String {
        let inCode = "\(layout.taskRoot)/bootstrap"
        guard let hostCode = layout.hostCodeDirectory else { return inCode }
        if FileManager.default.isExecutableFile(atPath: "\(hostCode)/bootstrap") { return inCode }
        if let hostOpt = layout.hostOptDirectory, FileManager.default.isExecutableFile(atPath: "\(hostOpt)/bootstrap") {
            return "\(layout.optDirectory)/bootstrap"
        }
        return inCode
    }
}
