import Foundation

/// The environment variables a function of the user's project gets, from its template and the local files that
/// override it.
///
/// Precedence, lowest to highest: the template's `Environment.Variables` < the `.env` file < SAM's `--env-vars` JSON
/// (`Parameters`, then the function's own entry).
///
/// The two files differ in reach, deliberately:
/// - `.env` values apply to every function and **add** variables the template does not declare: a dotenv file is the
///   place for local-only settings (an endpoint URL, a debug flag), and that is what users expect of one.
/// - `--env-vars` values only **replace** variables the template declares for that function, as SAM CLI does
///   (`EnvironmentVariables.resolve` in SAM CLI iterates the template's variables; a name the template does not
///   declare is dropped). A project that works under `sam local` gets the same variables under Lamb. A declared
///   variable that the `.env` file also sets counts as declared.
///
/// SAM CLI also lets a variable of the shell's environment replace a declared variable of the same name; Lamb does
/// not (the server's own environment leaking into functions surprises more than it helps).
public struct EnvironmentOverrides: Sendable, Equatable {
    public var dotEnv: [String: String]
    public var samFile: SAMEnvironmentVariablesFile?

    public init(dotEnv: [String: String] = [:], samFile: SAMEnvironmentVariablesFile? = nil) {
        self.dotEnv = dotEnv
        self.samFile = samFile
    }

    /// No files: the template's variables as they are.
    public static let none = EnvironmentOverrides()

    /// Reads the files that are given (`nil` for one the user does not have); errors name the file and line.
    /// `outer` is what `${NAME}` in the `.env` file falls back to (the caller's environment, if it wants that).
    public static func load(dotEnvFile: URL?, samFile: URL?, outer: [String: String] = [:])
        throws(EnvironmentFileError) -> EnvironmentOverrides
    {
        EnvironmentOverrides(
            dotEnv: try dotEnvFile.map { url throws(EnvironmentFileError) in
                try DotEnvFile.load(contentsOf: url, outer: outer).variables
            } ?? [:],
            samFile: try samFile.map { url throws(EnvironmentFileError) in
                try SAMEnvironmentVariablesFile.load(contentsOf: url)
            })
    }

    /// The variables for one function, given what its template declares.
    public func apply(to template: [String: String], logicalId: String, functionName: String? = nil)
        -> [String: String]
    {
        var result = template
        result.merge(dotEnv) { _, new in new }
        guard let samFile else { return result }
        for (key, value) in samFile.overrides(logicalId: logicalId, functionName: functionName)
        where template[key] != nil {
            result[key] = value
        }
        return result
    }
}
