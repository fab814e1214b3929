import Foundation
import LambCore
import LambStore

/// Settings of a function that are not part of its configuration: the recursion configuration (one per function, kept
/// in its record) and the runtime management configuration (one per version, in its own table).
extension FunctionRegistry {
    // MARK: Recursion

    /// Whether an invocation loop through the function is stopped (`Terminate`, the default, also for a function
    /// Lamb does not know) or allowed: what PutFunctionRecursionConfig stored. Reads the in-memory snapshot without
    /// waiting, so the invoke path can ask on every invocation.
    public nonisolated func recursiveLoop(of name: String) -> RecursiveLoop {
        function(named: name)?.recursiveLoop ?? .default
    }

    // MARK: Runtime management

    /// The version a runtime management request names (`$LATEST` without a qualifier; an alias names its version),
    /// and its configuration (automatic updates until one is put).
    nonisolated func runtimeManagementConfig(_ reference: FunctionReference) async throws
        -> (version: String, config: RuntimeManagementConfig)
    {
        let version = try definition(reference).version
        let stored = try await database.runtimeManagementConfig(function: reference.name, qualifier: version)
        return (version, stored ?? .automatic)
    }

    /// PutRuntimeManagementConfig: stores the configuration of the version the request names; returns that version.
    nonisolated func putRuntimeManagementConfig(_ reference: FunctionReference, _ config: RuntimeManagementConfig)
        async throws -> String
    {
        let version = try definition(reference).version
        try await database.putRuntimeManagementConfig(config, function: reference.name, qualifier: version)
        return version
    }
}
