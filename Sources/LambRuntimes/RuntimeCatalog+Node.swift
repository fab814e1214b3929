import Foundation
import LambCore

extension RuntimeCatalog {
    /// Node.js: Lamb's bootstrap shim (`node/lamb_bootstrap.mjs`) under the interpreter resolved for the runtime.
    func nodeLaunch(
        runtime: String, interpreter: String, layout: RuntimeLayout, functionVariables: [String: String],
        memorySizeMB: Int
    ) -> RuntimeLaunch {
        let major = runtime.dropFirst("nodejs".count).prefix { $0.isNumber }
        let opt = layout.optDirectory
        var environment = [
            "AWS_EXECUTION_ENV": "AWS_Lambda_\(runtime)",
            // Lambda's module search path: layers first (the version-specific folder before the generic one),
            // then the runtime, then the code. CommonJS `require` reads it; ES module imports do not.
            "NODE_PATH": [
                "\(opt)/nodejs/node\(major)/node_modules", "\(opt)/nodejs/node_modules",
                "\(layout.runtimeDirectory)/node_modules", layout.runtimeDirectory, layout.taskRoot,
            ].joined(separator: ":"),
        ]
        if let userPath = functionVariables["NODE_PATH"] { environment["NODE_PATH"] = userPath }
        environment.merge(layout.optVariables) { _, new in new }
        let options = functionVariables["NODE_OPTIONS"]
        let placed = InterpreterPlacement.place(interpreter, as: "node", layout: layout)
        return RuntimeLaunch(
            executable: placed.executable,
            arguments: Self.nodeHeapFlags(memoryMB: memorySizeMB, nodeOptions: options)
                + Self.experimentalFeatureFlags(version: interpreterVersions[runtime], nodeOptions: options)
                + ["\(layout.runtimeDirectory)/node/lamb_bootstrap.mjs"],
            environment: environment, runtimeVersion: "nodejs:\(major).lamb", placement: placed)
    }

    /// V8 heap limits sized from the function's memory, so a function that allocates too much gets V8's "heap out of
    /// memory" error before the memory cap kills it, as on Lambda. The young generation gets a tenth, the old
    /// generation most of the rest. Left out when the user sets heap sizes in `NODE_OPTIONS` or the memory is
    /// unknown.
    static func nodeHeapFlags(memoryMB: Int, nodeOptions: String?) -> [String] {
        guard memoryMB > 0 else { return [] }
        if let options = nodeOptions,
            options.contains("semi-space") || options.contains("semi_space")
                || options.contains("old-space") || options.contains("old_space")
        {
            return []
        }
        let young = memoryMB / 10
        let old = memoryMB * 9 / 10 - young
        return ["--max-semi-space-size=\(max(1, young / 3))", "--max-old-space-size=\(max(16, old))"]
    }

    /// Lambda turns off two experimental features node 20 and 22 enable by default: `require()` of ES modules and
    /// guessing a `.js` file's module kind from its syntax (so an ES module in a `.js` file needs `"type": "module"`).
    /// A `NODE_OPTIONS` that turns one back on wins, as on Lambda. Flags are given only to node versions that know
    /// them (an unknown flag stops node).
    static func experimentalFeatureFlags(version: String?, nodeOptions: String?) -> [String] {
        guard let version else { return [] }
        let parts = version.drop { $0 == "v" }.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2 else { return [] }
        let (major, minor) = (parts[0], parts[1])
        var flags: [String] = []
        let options = nodeOptions ?? ""
        // detect-module exists from 20.10, require-module from 20.17 (and 22.0).
        if (major == 20 && minor >= 10) || major == 22, !options.contains("--experimental-detect-module") {
            flags.append("--no-experimental-detect-module")
        }
        if (major == 20 && minor >= 17) || major == 22, !options.contains("--experimental-require-module") {
            flags.append("--no-experimental-require-module")
        }
        return flags
    }
}
