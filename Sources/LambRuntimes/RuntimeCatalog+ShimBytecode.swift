import Foundation
import LambCore

extension RuntimeCatalog {
    /// Commands that write the bytecode of the Python shim (`__pycache__` next to it) for every Python interpreter
    /// found, one per distinct interpreter.
    ///
    /// Inside the Linux sandbox the shim's directory is read-only and the runtime's uid could not write there anyway,
    /// so without this each cold start would compile `_lamb_runtime.py` again (tens of milliseconds, more than the
    /// rest of the shim's start-up). `compileall` only rewrites what is stale, so running it at every start is cheap.
    public var shimBytecodeCommands: [(executable: String, arguments: [String])] {
        let pythons = Set(LambdaRuntimeNames.python.compactMap { interpreters[$0] })
        return pythons.sorted().map { interpreter in
            (interpreter, ["-m", "compileall", "-q", "\(shimsDirectory)/python"])
        }
    }
}
