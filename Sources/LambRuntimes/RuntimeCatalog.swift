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
}

/// Which runtime interface client runs Python functions.
public enum PythonRuntimeClient: String, Sendable, CaseIterable {
    /// Lamb's own bootstrap (fast start-up).
    case shim
    /// AWS's `awslambdaric` package, which must be importable by the interpreter.
    case awslambdaric
}

/// The runtimes this host can run, and how to start each one.
public struct RuntimeCatalog: RuntimeAvailability {
    /// A function variable that picks the Python runtime client for that function (`shim` or `awslambdaric`).
    public static let clientSelectorVariable = "LAMB_PYTHON_RUNTIME_CLIENT"

    /// Lambda runtime name → resolved interpreter, e.g. `python3.11` → `/usr/bin/python3.11`.
    public let interpreters: [String: String]
    public let shimsDirectory: String
    public let defaultPythonClient: PythonRuntimeClient

    public init(interpreters: [String: String], shimsDirectory: String, defaultPythonClient: PythonRuntimeClient = .shim) {
        self.interpreters = interpreters
        self.shimsDirectory = shimsDirectory
        self.defaultPythonClient = defaultPythonClient
    }

    /// Looks for every Lambda runtime's interpreter on this host. `overrides` (runtime → path) win.
    public static func discover(
        overrides: [String: String] = [:], locator: InterpreterLocator = InterpreterLocator(),
        defaultPythonClient: PythonRuntimeClient = .shim, shimsDirectory: String = RuntimeCatalog.bundledShimsDirectory
    ) -> RuntimeCatalog {
        var found: [String: String] = [:]
        for runtime in LambdaRuntimeNames.python {
            let executable = runtime  // python3.X is both the runtime name and the interpreter's name
            if let path = locator.find(executable) { found[runtime] = path }
        }
        for (runtime, path) in overrides {
            found[runtime] = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        }
        return RuntimeCatalog(interpreters: found, shimsDirectory: shimsDirectory, defaultPythonClient: defaultPythonClient)
    }

    /// Where the bootstrap shims shipped with Lamb are.
    public static var bundledShimsDirectory: String {
        Bundle.module.resourceURL!.appendingPathComponent("Shims").path
    }

    public func unavailabilityReason(for runtime: String) -> String? {
        if LambdaRuntimeNames.provided.contains(runtime) { return nil }
        if LambdaRuntimeNames.python.contains(runtime) {
            if interpreters[runtime] != nil { return nil }
            return "Runtime \(runtime) is not available on this host. Installed Python runtimes: \(installed(LambdaRuntimeNames.python))."
        }
        return "Runtime \(runtime) is not supported by Lamb yet. Supported here: \(installed(LambdaRuntimeNames.python + LambdaRuntimeNames.provided))."
    }

    private func installed(_ names: [String]) -> String {
        let list = names.filter { LambdaRuntimeNames.provided.contains($0) || interpreters[$0] != nil }
        return list.isEmpty ? "none" : list.joined(separator: ", ")
    }

    /// How to start `runtime` for `handler`, given the code root and Lamb's runtime directory (the shims) as the
    /// runtime sees them.
    public func launch(
        runtime: String, handler: String, taskRoot: String, runtimeDirectory: String? = nil,
        functionVariables: [String: String]
    ) throws -> RuntimeLaunch {
        let shimsDirectory = runtimeDirectory ?? self.shimsDirectory
        if let reason = unavailabilityReason(for: runtime) { throw LambError(.invalidRuntime, reason) }
        if LambdaRuntimeNames.provided.contains(runtime) {
            return RuntimeLaunch(
                executable: "\(taskRoot)/bootstrap", arguments: [], environment: [:],
                runtimeVersion: "provided:\(runtime.replacingOccurrences(of: "provided.", with: "")).lamb")
        }
        let interpreter = interpreters[runtime]!
        let client = functionVariables[Self.clientSelectorVariable].flatMap(PythonRuntimeClient.init(rawValue:))
            ?? defaultPythonClient
        let version = runtime.dropFirst("python".count)
        let environment = [
            "AWS_EXECUTION_ENV": "AWS_Lambda_\(runtime)",
            "PYTHONUNBUFFERED": "1",
        ]
        // `<prefix>/bin/python3.X`: the standard library and site-packages (boto3, awslambdaric) live under prefix.
        let prefix = URL(fileURLWithPath: interpreter).deletingLastPathComponent().deletingLastPathComponent().path
        switch client {
        case .shim:
            return RuntimeLaunch(
                executable: interpreter, arguments: ["\(shimsDirectory)/python/lamb_bootstrap.py"],
                environment: environment, runtimeVersion: "python:\(version).lamb", hostPaths: [prefix])
        case .awslambdaric:
            return RuntimeLaunch(
                executable: interpreter, arguments: ["-m", "awslambdaric", handler], environment: environment,
                runtimeVersion: "python:\(version).awslambdaric", hostPaths: [prefix])
        }
    }
}
