/// What a layer of a ``DirectoryArchive`` leaves out, by name.
///
/// Names in ``anywhere`` are skipped at every depth (a `.git` directory is never code, wherever it is); names in
/// ``atTopLevel`` only directly under the layer's root (the code directory's own `node_modules` when a dependency
/// build provides one; a package's nested `node_modules` belong to that package).
public struct ArchiveExclusions: Sendable, Equatable {
    /// Entry names skipped at any depth.
    public var anywhere: Set<String>
    /// Entry names skipped only directly under the layer's root.
    public var atTopLevel: Set<String>
    /// File-name suffixes skipped at any depth (`.pyc`).
    public var fileSuffixes: [String]

    public init(anywhere: Set<String> = [], atTopLevel: Set<String> = [], fileSuffixes: [String] = []) {
        self.anywhere = anywhere
        self.atTopLevel = atTopLevel
        self.fileSuffixes = fileSuffixes
    }

    /// Nothing is skipped: the archive is exactly the directory (`lamb function create --code DIR`).
    public static let none = ArchiveExclusions()

    /// What `sam build` leaves out of a function's source, in the part common to its Python and Node.js builders:
    /// `.aws-sam` (its own output, which would otherwise nest builds inside builds), `.git`, and Python's bytecode
    /// (`__pycache__` directories and `.pyc` files, which the Python builder excludes: they belong to the host's
    /// interpreter, not the function's). The Python builder's longer list (`*.so`, `*.egg-info`, `.tox`, ...) is
    /// deliberately not copied: a `.so` next to a handler is more often the user's own native module than a stray.
    public static let samSource = ArchiveExclusions(
        anywhere: [".aws-sam", ".git", "__pycache__"], fileSuffixes: [".pyc"])

    /// The same rules, plus a top-level name (`node_modules` when the dependency layer provides its own).
    public func skipping(topLevel name: String) -> ArchiveExclusions {
        var copy = self
        copy.atTopLevel.insert(name)
        return copy
    }

    /// Whether the entry `name`, found `depth` levels below the root (0 = directly under it), is left out.
    public func excludes(name: String, depth: Int, isDirectory: Bool) -> Bool {
        if anywhere.contains(name) { return true }
        if depth == 0 && atTopLevel.contains(name) { return true }
        if !isDirectory && fileSuffixes.contains(where: { name.hasSuffix($0) }) { return true }
        return false
    }
}
