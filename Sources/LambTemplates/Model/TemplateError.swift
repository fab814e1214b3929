/// A template Lamb cannot load: malformed YAML or JSON, an unknown intrinsic, a missing `CodeUri`, a circular
/// `Ref`. Names the file, the line when the parser knows it, the logical id and the property, so the user can go
/// straight to it. Nothing of a template that fails to load is served.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var logicalId: String?
    /// Property path under the resource, e.g. `Properties.CodeUri`.
    public var property: String?
    public var message: String

    public init(file: String, line: Int? = nil, logicalId: String? = nil, property: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.logicalId = logicalId
        self.property = property
        self.message = message
    }

    /// `template.yaml:12: HelloFunction Properties.CodeUri: no such directory: src/hello`
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ":"
        if let logicalId { text += " \(logicalId)" }
        if let property { text += " \(property)" }
        if logicalId != nil || property != nil { text += ":" }
        return text + " " + message
    }
}
