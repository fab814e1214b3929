import Foundation
import LambCore

extension RuntimeCatalog {
    /// Python: Lamb's shim or AWS's awslambdaric, under the interpreter resolved for the runtime.
    func pythonLaunch(runtime: String, handler: String, layout: RuntimeLayout, functionVariables: [String: String])
        -> RuntimeLaunch
    {
        let interpreter = interpreters[runtime]!
        let client =
            functionVariables[Self.clientSelectorVariable].flatMap(PythonRuntimeClient.init(rawValue:))
            ?? defaultPythonClient
        let version = runtime.dropFirst("python".count)
        var environment = [
            "AWS_EXECUTION_ENV": "AWS_Lambda_\(runtime)",
            "PYTHONUNBUFFERED": "1",
        ]
        environment.merge(layout.optVariables) { _, new in new }
        // The standard library and site-packages (boto3, awslambdaric) live under the prefix.
        let placed = InterpreterPlacement.place(interpreter, as: runtime, layout: layout)
        switch client {
        case .shim:
            return RuntimeLaunch(
                executable: placed.executable, arguments: ["\(layout.runtimeDirectory)/python/lamb_bootstrap.py"],
                environment: environment, runtimeVersion: "python:\(version).lamb", placement: placed)
        case .awslambdaric:
            // awslambdaric leaves sys.path alone (Lambda's image sets it up around it): the layer directories come
            // after the code (`-m` puts the working directory first) and before the interpreter's own, as on Lambda.
            let opt = layout.optDirectory
            environment["PYTHONPATH"] = "\(opt)/python/lib/\(runtime)/site-packages:\(opt)/python"
            return RuntimeLaunch(
                executable: placed.executable, arguments: ["-m", "awslambdaric", handler], environment: environment,
                runtimeVersion: "python:\(version).awslambdaric", placement: placed)
        }
    }
}
