import LambCore

/// The rules a zip entry's name and a symbolic link's target must follow before anything is written: pure, so that
/// validation at upload and extraction at a cold start agree.
public enum ZipEntryPath {
    /// Longest name of one path component (Linux's `NAME_MAX`).
    static let componentBytes = 255
    /// Longest entry name Lamb accepts, in bytes: far above what packaging tools produce, and short enough that the
    /// unpacked path stays below Linux's `PATH_MAX` under any data directory.
    static let pathBytes = 1024

    /// The components of `name` with `.` and empty components dropped and `..` applied (none for the root itself),
    /// or a reason to refuse it: empty, absolute, climbing above the root, or holding NUL or a line break.
    public static func normalize(_ name: String) throws(LambError) -> [String] {
        if name.isEmpty { throw unreadable("A zip entry has an empty or unreadable name.") }
        try checkCharacters(name)
        if name.utf8.count > pathBytes {
            throw unreadable("A zip entry name is longer than \(pathBytes) bytes.")
        }
        guard !name.hasPrefix("/"), !name.hasPrefix("\\"), let components = resolve(name, from: []) else {
            throw outside(name)
        }
        if components.contains(where: { $0.utf8.count > componentBytes }) {
            throw unreadable("A zip entry name has a component longer than \(componentBytes) bytes.")
        }
        return components
    }

    /// Refuses a name holding NUL, LF or CR. Zip tools decode names without the UTF-8 flag as code page 437, which
    /// shows those bytes as symbols (LF as `◙`); the walk also checks the name's bytes read one character each
    /// (Latin-1), so no decoding hides them.
    public static func checkCharacters(_ name: String) throws(LambError) {
        if name.unicodeScalars.contains(where: { $0 == "\0" || $0 == "\n" || $0 == "\r" }) {
            throw unreadable("A zip entry name contains a NUL or line-break character.")
        }
    }

    /// Applies the components of `path` (separated by `/` or `\`) to `base`; `nil` when `..` climbs above the root.
    /// With `symlinks`, also `nil` when the walk would go through one of them: where a link leads is known only
    /// once it exists, so a path that continues past a link (`link/..`, `link/file`) cannot be judged by its text.
    static func resolve(_ path: String, from base: [String], symlinks: Set<[String]> = []) -> [String]? {
        var stack = base
        for component in path.split(whereSeparator: { $0 == "/" || $0 == "\\" }) {
            if !symlinks.isEmpty, !stack.isEmpty, symlinks.contains(stack) { return nil }
            switch component {
            case ".": continue
            case "..":
                if stack.isEmpty { return nil }
                stack.removeLast()
            default: stack.append(String(component))
            }
        }
        return stack
    }

    /// Whether an entry at `components` lies inside one of the archive's symbolic links (`link/file`): writing it
    /// would write wherever the link points.
    public static func isInsideSymlink(_ components: [String], symlinks: Set<[String]>) -> Bool {
        (1..<max(components.count, 1)).contains { symlinks.contains(Array(components.prefix($0))) }
    }

    /// Checks the target of the link at `components`: relative, and leading to a place inside the root without
    /// passing through another link of the archive. Throws the error Lamb answers for such an archive.
    public static func checkSymlink(at components: [String], target: String, symlinks: Set<[String]>)
        throws(LambError)
    {
        let name = components.joined(separator: "/")
        if target.isEmpty || target.unicodeScalars.contains(where: { $0 == "\0" || $0 == "\n" || $0 == "\r" })
            || target.utf8.count > pathBytes
        {
            throw unreadable("The symbolic link '\(name)' has an invalid target.")
        }
        let parent = Array(components.dropLast())
        guard !target.hasPrefix("/"), resolve(target, from: parent, symlinks: symlinks) != nil else {
            throw LambError.invalidParameter(
                "Could not unzip uploaded file. The symbolic link '\(name)' points outside the code directory.")
        }
    }

    static func outside(_ name: String) -> LambError {
        LambError.invalidParameter(
            "Could not unzip uploaded file. The zip entry '\(name)' would be written outside the code directory.")
    }

    static func unreadable(_ detail: String) -> LambError {
        LambError.invalidParameter("Could not unzip uploaded file. \(detail)")
    }
}
