/// Which package manager installs a function's dependencies, by the runtime family and the manifest beside the code.
public enum DependencyManager: String, Sendable, Equatable {
    /// `requirements.txt`, for `python*` runtimes.
    case pip
    /// `package.json` with `dependencies`, for `nodejs*` runtimes.
    case npm

    /// The manifest file the manager reads in the code directory.
    public var manifestName: String {
        switch self {
        case .pip: return "requirements.txt"
        case .npm: return "package.json"
        }
    }

    /// The manager for a Lambda runtime name (`python3.12`, `nodejs20.x`), or `nil` for runtimes whose code is
    /// built by other means (`provided.*`, Java, .NET, Ruby: Lamb builds nothing for them).
    public static func forRuntime(_ runtime: String) -> DependencyManager? {
        if runtime.hasPrefix("python") { return .pip }
        if runtime.hasPrefix("nodejs") { return .npm }
        return nil
    }
}
