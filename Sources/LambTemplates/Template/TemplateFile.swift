import Foundation

/// A template file on disk: where it is, and its text.
struct TemplateFile: Sendable {
    /// The path as the user gave it (every message names the file this way).
    var given: String
    /// The file's absolute, standardized path.
    var absolutePath: String
    var text: String

    /// The directory code paths (`CodeUri: src/`) are relative to.
    var directory: String { (absolutePath as NSString).deletingLastPathComponent }

    /// Names `sam` looks for in a project directory, in its order.
    static let defaultNames = ["template.yaml", "template.yml", "template.json"]

    /// Reads `path`: a template file, or a directory holding `template.yaml`, `template.yml` or `template.json`.
    static func read(_ path: String) throws(TemplateError) -> TemplateFile {
        let manager = FileManager.default
        let absolute = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: manager.currentDirectoryPath))
            .standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
            throw TemplateError(file: path, message: "no such file")
        }
        var file = absolute
        var given = path
        if isDirectory.boolValue {
            guard let name = defaultNames.first(where: { manager.fileExists(atPath: absolute + "/" + $0) }) else {
                throw TemplateError(
                    file: path, message: "no template.yaml, template.yml or template.json in this directory")
            }
            file = absolute + "/" + name
            given = (path as NSString).appendingPathComponent(name)
        }
        guard let data = manager.contents(atPath: file) else {
            throw TemplateError(file: given, message: "cannot read the file")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw TemplateError(file: given, message: "the template is not UTF-8 text")
        }
        // Editors on Windows start files with a byte-order mark; it is not part of the template.
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return TemplateFile(given: given, absolutePath: file, text: text)
    }
}
