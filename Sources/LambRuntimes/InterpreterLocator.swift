import Foundation

/// Finds language interpreters on the host and resolves each to its real executable once (a version manager's
/// shim costs ~100 ms on every start).
public struct InterpreterLocator: Sendable {
    public var searchPath: [String]
    public var homeDirectory: String

    public init(
        searchPath: [String] = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init),
        homeDirectory: String = NSHomeDirectory()
    ) {
        self.searchPath = searchPath
        self.homeDirectory = homeDirectory
    }

    /// Directories to look in, best first: the user's PATH without version-manager shim directories, then pyenv's
    /// installed versions, then the usual system places.
    func candidateDirectories() -> [String] {
        var dirs = searchPath.filter { !$0.contains("/shims") && !$0.isEmpty }
        let pyenvRoot = ProcessInfo.processInfo.environment["PYENV_ROOT"] ?? "\(homeDirectory)/.pyenv"
        if let versions = try? FileManager.default.contentsOfDirectory(atPath: "\(pyenvRoot)/versions") {
            dirs += versions.sorted().reversed().map { "\(pyenvRoot)/versions/\($0)/bin" }
        }
        dirs += ["/usr/local/bin", "/usr/bin", "/bin", "/opt/homebrew/bin"]
        var seen = Set<String>()
        return dirs.filter { seen.insert($0).inserted }
    }

    /// The real path of the first executable named `name` in the candidate directories.
    public func find(_ name: String) -> String? {
        for dir in candidateDirectories() {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) {
                return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            }
        }
        return nil
    }
}
