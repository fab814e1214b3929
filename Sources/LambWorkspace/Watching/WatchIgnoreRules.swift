/// Paths the edit loop does not care about: build output and caches (`.aws-sam`, `__pycache__`, `node_modules`),
/// version control (`.git`), Lamb's own data directory (`.lamb`), and the temporary files editors write beside the
/// file being saved (vim's `.swp` and its `4913` probe, emacs's `.#lock` and `#autosave#`, `~` backups, JetBrains'
/// `___jb_tmp___`). A change to one of them alone must not rebuild or restart a function.
public struct WatchIgnoreRules: Sendable, Equatable {
    /// Directory (or file) names ignored with everything under them, at any depth.
    public var names: Set<String>
    /// File-name suffixes ignored.
    public var suffixes: [String]
    /// File-name prefixes ignored.
    public var prefixes: [String]

    public init(names: Set<String>, suffixes: [String] = [], prefixes: [String] = []) {
        self.names = names
        self.suffixes = suffixes
        self.prefixes = prefixes
    }

    public static let standard = WatchIgnoreRules(
        names: [".aws-sam", ".git", "__pycache__", "node_modules", ".lamb", "4913"],
        suffixes: [".swp", ".swo", ".swx", "~", "___jb_tmp___", "___jb_old___"],
        prefixes: [".#"])

    /// What a local package's directory holds beyond its sources: pip builds a directory package in place and leaves
    /// `build/` and `<name>.egg-info/` behind, which would change the package's fingerprint (and so the build cache's
    /// key) on every install.
    public static let localPackageSources = WatchIgnoreRules(
        names: standard.names.union(["build", "dist"]), suffixes: standard.suffixes + [".egg-info"],
        prefixes: standard.prefixes)

    /// Nothing ignored.
    public static let none = WatchIgnoreRules(names: [])

    /// Whether an entry with this name (file or directory) is ignored.
    public func ignores(name: String) -> Bool {
        if names.contains(name) { return true }
        if suffixes.contains(where: { name.hasSuffix($0) }) { return true }
        if prefixes.contains(where: { name.hasPrefix($0) }) { return true }
        // emacs's auto-save file, `#name#`.
        return name.count > 1 && name.hasPrefix("#") && name.hasSuffix("#")
    }

    /// Whether `relativePath` (components separated by `/`) is ignored: any of its components is.
    public func ignores(relativePath: String) -> Bool {
        relativePath.split(separator: "/").contains { ignores(name: String($0)) }
    }
}
