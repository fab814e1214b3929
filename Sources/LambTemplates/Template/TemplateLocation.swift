/// Where a value sits in a template: the resource (or section) it belongs to, its property path and the nearest
/// line the parser recorded. Every error and finding is made from one, so that all of them read alike.
struct TemplateLocation: Sendable, Equatable {
    /// The template file, as the user named it.
    var file: String
    /// A resource's logical id, or a section's name (`Parameters`, `Conditions`, `Globals`).
    var logicalId: String?
    /// `Properties.Environment.Variables.TABLE`, `Properties.Layers[1]`; empty for the resource itself.
    var path: String
    var line: Int?

    init(file: String, logicalId: String? = nil, path: String = "", line: Int? = nil) {
        self.file = file
        self.logicalId = logicalId
        self.path = path
        self.line = line
    }

    /// The location of a map entry under this one.
    func appending(_ key: String, line: Int?) -> TemplateLocation {
        var next = self
        next.path = path.isEmpty ? key : "\(path).\(key)"
        next.line = line ?? self.line
        return next
    }

    /// The location of an entry under this one, taking the entry's own line.
    func appending(_ entry: TemplateEntry) -> TemplateLocation { appending(entry.key, line: entry.line) }

    /// The location of a list item under this one.
    func appending(index: Int) -> TemplateLocation {
        var next = self
        next.path = "\(path)[\(index)]"
        return next
    }

    func error(_ message: String) -> TemplateError {
        TemplateError(
            file: file, line: line, logicalId: logicalId, property: path.isEmpty ? nil : path, message: message)
    }

    func finding(_ treatment: TemplateFinding.Treatment, _ detail: String) -> TemplateFinding {
        TemplateFinding(logicalId: logicalId ?? "Template", path: path, treatment: treatment, detail: detail)
    }
}
