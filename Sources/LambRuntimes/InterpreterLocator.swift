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

    /// Directories to look in, best first: the user's PATH in order, where a pyenv shim directory stands for
    /// pyenv's installed versions (the global version first), then the usual system places.
    func candidateDirectories() -> [String] {
        let pyenvRoot = ProcessInfo.processInfo.environment["PYENV_ROOT"] ?? "\(homeDirectory)/.pyenv"
        var dirs: [String] = []
        var pyenvAdded = false
        for dir in searchPath where !dir.isEmpty {
            if dir.contains("/shims") {
                if dir.hasPrefix(pyenvRoot) && !pyenvAdded {
                    dirs += pyenvVersionDirectories(root: pyenvRoot)
                    pyenvAdded = true
                }
                continue
            }
            dirs.append(dir)
        }
        if !pyenvAdded { dirs += pyenvVersionDirectories(root: pyenvRoot) }
        dirs += ["/usr/local/bin", "/usr/bin", "/bin", "/opt/homebrew/bin"]
        var seen = Set<String>()
        return dirs.filter { seen.insert($0).inserted }
    }

    /// `<root>/versions/*/bin`, the version pyenv selects globally first, then newest first.
    func pyenvVersionDirectories(root: String) -> [String] {
        guard let versions = try? FileManager.default.contentsOfDirectory(atPath: "\(root)/versions") else { return [] }
        let global = (try? String(contentsOfFile: "\(root)/version", encoding: .utf8))?
            .split(whereSeparator: \.isNewline).first.map(String.init)
        let ordered = versions.sorted { a, b in
            if a == global { return true }
            if b == global { return false }
            return a.compare(b, options: .numeric) == .orderedDescending
        }
        return ordered.map { "\(root)/versions/\($0)/bin" }
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
