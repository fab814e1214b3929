import Foundation

/// What of a `requirements.txt` matters to the cache key beyond its own bytes: the files it includes (`-r`, `-c`)
/// and the local packages it names by path (`./vendor/pkg-1.0-py3-none-any.whl`, `-e ./lib`,
/// `pkg @ file:///abs/pkg`), whose contents change what pip installs without the requirements file changing.
///
/// pip reads paths in a requirements file relative to its working directory, which the builder makes the code
/// directory; included files are relative to the file that includes them.
enum PythonRequirements {
    /// Whether the file asks for anything (not only blank lines and comments).
    static func hasRequirements(_ text: String) -> Bool {
        text.split(whereSeparator: \.isNewline).contains { line in
            let content = stripComment(String(line)).trimmingCharacters(in: .whitespaces)
            return !content.isEmpty
        }
    }

    /// Adds the included files and local packages of the requirements file at `url` to `key`.
    static func addReferences(of url: URL, workingDirectory: URL, to key: inout BuildCacheKey, depth: Int = 0) {
        guard depth < 8, let text = try? String(contentsOf: url, encoding: .utf8) else { return }
        for line in text.split(whereSeparator: \.isNewline) {
            let tokens = stripComment(String(line)).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            var index = 0
            while index < tokens.count {
                let token = tokens[index]
                index += 1
                if let (included, tookNext) = includedFile(token, next: index < tokens.count ? tokens[index] : nil) {
                    if tookNext { index += 1 }
                    let file = URL(fileURLWithPath: included, relativeTo: url.deletingLastPathComponent())
                        .standardizedFileURL
                    key.add("include", included)
                    key.add("included", (try? Array(Data(contentsOf: file))) ?? [])
                    addReferences(of: file, workingDirectory: workingDirectory, to: &key, depth: depth + 1)
                } else if let path = localPath(token) {
                    let resolved = URL(fileURLWithPath: path, relativeTo: workingDirectory).standardizedFileURL
                    key.addLocalPackage(token, at: resolved)
                }
            }
        }
    }

    /// The file of `-r FILE`, `--requirement=FILE`, `-c FILE`, `--constraint FILE`.
    /// `tookNext` says whether the file was the next token.
    private static func includedFile(_ token: String, next: String?) -> (file: String, tookNext: Bool)? {
        for option in ["-r", "--requirement", "-c", "--constraint"] {
            if token == option { return next.map { ($0, true) } }
            if token.hasPrefix(option + "=") { return (String(token.dropFirst(option.count + 1)), false) }
        }
        if token.hasPrefix("-r") || token.hasPrefix("-c"), token.count > 2, !token.hasPrefix("--") {
            return (String(token.dropFirst(2)), false)
        }
        return nil
    }

    /// A token that names a local file or directory: `./x`, `../x`, `/x`, `file:x`, `file:///x`.
    private static func localPath(_ token: String) -> String? {
        if token.hasPrefix("file://") { return String(token.dropFirst("file://".count)) }
        if token.hasPrefix("file:") { return String(token.dropFirst("file:".count)) }
        if token.hasPrefix("./") || token.hasPrefix("../") || token.hasPrefix("/") { return token }
        if token.hasSuffix(".whl") || token.hasSuffix(".tar.gz") || token.hasSuffix(".zip") { return token }
        return nil
    }

    /// A line without its comment: `#` at the start or after whitespace (pip's rule; `#egg=` in a URL stays).
    private static func stripComment(_ line: String) -> String {
        if line.hasPrefix("#") { return "" }
        guard let range = line.range(of: " #") ?? line.range(of: "\t#") else { return line }
        return String(line[..<range.lowerBound])
    }
}
