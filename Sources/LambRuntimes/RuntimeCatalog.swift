import Foundation
import LambCore

/// How to start a runtime: the executable, its arguments and the variables that are the runtime's own.
public struct RuntimeLaunch: Sendable, Equatable {
    public var executable: String
    public var arguments: [String]
    /// Runtime-specific variables (`AWS_EXECUTION_ENV`, `PYTHONPATH`, ...), added to Lambda's reserved ones.
    public var environment: [String: String]
    /// `python:3.12.lamb`, for the INIT_START line.
    public var runtimeVersion: String
    /// Host paths the runtime reads beyond its code (the interpreter's installation), for sandboxes that hide the
    /// rest of the host.
    public var hostPaths: [String] = []
    /// Host paths the runtime reads at other paths (the interpreter at `/var/lang`: see ``InterpreterPlacement``).
    public var binds: [HostBind] = []
    /// A directory the runtime's interpreter needs on `LD_LIBRARY_PATH`, whatever the function sets there.
    public var libraryDirectory: String?
}

/// Which runtime interface client runs Python functions.
public enum PythonRuntimeClient: String, Sendable, CaseIterable {
    /// Lamb's own bootstrap (fast start-up).
    case shim
    /// AWS's `awslambdaric` package, which must be importable by the interpreter.
    case awslambdaric
}

/// Where a runtime finds its files: as it sees them (inside a sandbox these are Lambda's `/var/task`, `/var/runtime`,
/// `/opt`) and, for the code and the layers, where they are on the host (to look for a `bootstrap`).
public struct RuntimeLayout: Sendable, Equatable {
    public var taskRoot: String
    public var runtimeDirectory: String
    /// Where the merged layers are (`/opt` on Lambda).
    public var optDirectory: String
    public var hostCodeDirectory: String?
    public var hostOptDirectory: String?
    /// Where the language installation appears (`/var/lang` on Lambda), for sandboxes with a file system of their
    /// own; `nil`: interpreters run at their host paths.
    public var languageRoot: String?

    public init(
        taskRoot: String, runtimeDirectory: String, optDirectory: String = RuntimeLayout.lambdaOpt,
        hostCodeDirectory: String? = nil, hostOptDirectory: String? = nil, languageRoot: String? = nil
    ) {
        self.languageRoot = languageRoot
        self.taskRoot = taskRoot
        self.runtimeDirectory = runtimeDirectory
        self.optDirectory = optDirectory
        self.hostCodeDirectory = hostCodeDirectory
        self.hostOptDirectory = hostOptDirectory
    }

    public static let lambdaOpt = "/opt"

    /// Variables telling Lamb's shims where the layers are when that is not `/opt` (plain processes cannot have a
    /// private `/opt`); nothing when it is, so a sandboxed function sees Lambda's variables only.
    var optVariables: [String: String] {
        optDirectory == Self.lambdaOpt ? [:] : [RuntimeCatalog.optDirectoryVariable: optDirectory]
    }
}

/// The runtimes this host can run, and how to start each one.
public struct RuntimeCatalog: RuntimeAvailability {
    /// A function variable that picks the Python runtime client for that function (`shim` or `awslambdaric`).
    public static let clientSelectorVariable = "LAMB_PYTHON_RUNTIME_CLIENT"
    /// Names the merged layer directory for Lamb's shims when it is not `/opt` (the plain-process sandbox).
    public static let optDirectoryVariable = "LAMB_OPT_DIR"

    /// Lambda runtime name → resolved interpreter, e.g. `python3.11` → `/usr/bin/python3.11`,
    /// `nodejs20.x` → `/usr/bin/node`.
    public let interpreters: [String: String]
    /// Node.js and Java runtime name → the version its interpreter reported (`v20.20.2`, `17.0.15`), for
    /// `lamb doctor` and refusals.
    public let interpreterVersions: [String: String]
    public let shimsDirectory: String
    public let defaultPythonClient: PythonRuntimeClient
    /// Lamb's Java runtime client, built once; `nil` when no JDK can compile it (Java runtimes are then refused).
    public let javaRuntime: JavaRuntimeBuild?

    public init(
        interpreters: [String: String], shimsDirectory: String, defaultPythonClient: PythonRuntimeClient = .shim,
        interpreterVersions: [String: String] = [:], javaRuntime: JavaRuntimeBuild? = nil
    ) {
        self.interpreters = interpreters
        self.shimsDirectory = shimsDirectory
        self.defaultPythonClient = defaultPythonClient
        self.interpreterVersions = interpreterVersions
        self.javaRuntime = javaRuntime
    }

    /// Looks for every Lambda runtime's interpreter on this host, once. `overrides` (runtime → path) win. The Java
    /// runtime client is compiled into `javaCacheDirectory` (the data directory's `java-runtime`) when first needed.
    public static func discover(
        overrides: [String: String] = [:], locator: InterpreterLocator = InterpreterLocator(),
        defaultPythonClient: PythonRuntimeClient = .shim, shimsDirectory: String = RuntimeCatalog.bundledShimsDirectory,
        javaCacheDirectory: String? = nil
    ) -> RuntimeCatalog {
        var found: [String: String] = [:]
        for runtime in LambdaRuntimeNames.python {
            let executable = runtime  // python3.X is both the runtime name and the interpreter's name
            if let path = locator.find(executable) { found[runtime] = path }
        }
        var versions: [String: String] = [:]
        for (runtime, node) in NodeInstallations.discover(locator: locator).byRuntime {
            found[runtime] = node.path
            versions[runtime] = node.version
        }
        var javas = JavaInstallations.discover(locator: locator).byRuntime
        for (runtime, path) in overrides {
            if LambdaRuntimeNames.java.contains(runtime) {
                // A home or a java executable; one without a `release` file naming its version is not taken.
                javas[runtime] = JavaInstallations.installation(at: path)
                continue
            }
            found[runtime] = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            if LambdaRuntimeNames.node.contains(runtime) { versions[runtime] = NodeInstallations.version(of: path) }
        }
        for (runtime, java) in javas {
            found[runtime] = java.java
            versions[runtime] = java.version
        }
        let javac = LambdaRuntimeNames.java.compactMap { javas[$0]?.javac }.first ?? locator.find("javac")
        let javaRuntime =
            javas.isEmpty || javac == nil
            ? nil
            : JavaRuntimeBuild(
                sourcesDirectory: "\(shimsDirectory)/java/src",
                cacheDirectory: javaCacheDirectory ?? "\(NSTemporaryDirectory())/lamb-java-runtime", javac: javac)
        return RuntimeCatalog(
            interpreters: found, shimsDirectory: shimsDirectory, defaultPythonClient: defaultPythonClient,
            interpreterVersions: versions, javaRuntime: javaRuntime)
    }

    /// Where the bootstrap shims shipped with Lamb are.
    public static var bundledShimsDirectory: String {
        Bundle.module.resourceURL!.appendingPathComponent("Shims").path
    }

    /// Every runtime this host can run, in Lambda's order.
    public var availableRuntimes: [String] {
        (LambdaRuntimeNames.python + LambdaRuntimeNames.node + LambdaRuntimeNames.java).filter { isInstalled($0) }
            + LambdaRuntimeNames.provided
    }

    public func unavailabilityReason(for runtime: String) -> String? {
        if LambdaRuntimeNames.provided.contains(runtime) { return nil }
        let families = [
            ("Python", LambdaRuntimeNames.python), ("Node.js", LambdaRuntimeNames.node),
            ("Java", LambdaRuntimeNames.java),
        ]
        for (family, names) in families where names.contains(runtime) {
            if isInstalled(runtime) { return nil }
            if family == "Java", interpreters[runtime] != nil {
                return
                    "Runtime \(runtime) is not available on this host: Lamb's Java runtime client needs a JDK's javac"
                    + " to be compiled, and none was found."
            }
            return
                "Runtime \(runtime) is not available on this host. Installed \(family) runtimes: \(installed(names))."
        }
        return "Runtime \(runtime) is not supported by Lamb yet. Supported here: \(installed(availableRuntimes))."
    }

    /// Whether this host can run `runtime` (not for `provided*`): its interpreter was found and, for Java, the
    /// runtime client can be compiled.
    func isInstalled(_ runtime: String) -> Bool {
        guard interpreters[runtime] != nil else { return false }
        return !LambdaRuntimeNames.java.contains(runtime) || javaRuntime != nil
    }

    private func installed(_ names: [String]) -> String {
        let list = names.filter { LambdaRuntimeNames.provided.contains($0) || isInstalled($0) }.map { name in
            guard let version = interpreterVersions[name] else { return name }
            return LambdaRuntimeNames.java.contains(name) ? "\(name) (java \(version))" : "\(name) (node \(version))"
        }
        return list.isEmpty ? "none" : list.joined(separator: ", ")
    }

    /// How to start `runtime` for `handler`, given the code root and Lamb's runtime directory (the shims) as the
    /// runtime sees them.
    public func launch(
        runtime: String, handler: String, taskRoot: String, runtimeDirectory: String? = nil,
        functionVariables: [String: String]
    ) throws -> RuntimeLaunch {
        try launch(
            runtime: runtime, handler: handler,
            layout: RuntimeLayout(taskRoot: taskRoot, runtimeDirectory: runtimeDirectory ?? shimsDirectory),
            functionVariables: functionVariables)
    }

    /// How to start `runtime` for `handler` in `layout`, for a function of `memorySizeMB` (0: unknown), in an
    /// environment initialised as `initializationType` (`AWS_LAMBDA_INITIALIZATION_TYPE`).
    public func launch(
        runtime: String, handler: String, layout: RuntimeLayout, functionVariables: [String: String],
        memorySizeMB: Int = 0, initializationType: String = "on-demand"
    ) throws -> RuntimeLaunch {
        if let reason = unavailabilityReason(for: runtime) { throw LambError(.invalidRuntime, reason) }
        if LambdaRuntimeNames.provided.contains(runtime) {
            return providedLaunch(runtime: runtime, layout: layout)
        }
        let launch =
            LambdaRuntimeNames.java.contains(runtime)
            ? try javaLaunch(
                runtime: runtime, handler: handler, layout: layout, functionVariables: functionVariables,
                memorySizeMB: memorySizeMB, initializationType: initializationType)
            : LambdaRuntimeNames.node.contains(runtime)
                ? nodeLaunch(
                    runtime: runtime, interpreter: interpreters[runtime]!, layout: layout,
                    functionVariables: functionVariables, memorySizeMB: memorySizeMB)
                : pythonLaunch(runtime: runtime, handler: handler, layout: layout, functionVariables: functionVariables)
        return ExecWrapper.wrap(launch, functionVariables: functionVariables, layout: layout)
    }

    /// The interpreter's installation prefix (`<prefix>/bin/<interpreter>`): the runtime reads its libraries there.
    static func prefix(of interpreter: String) -> String {
        URL(fileURLWithPath: interpreter).deletingLastPathComponent().deletingLastPathComponent().path
    }
}
