/// A value of a template after parsing: YAML and JSON both become this, and CloudFormation's short-form tags
/// (`!Ref X`) become their long form (`{"Ref": "X"}`), so the rest of Lamb sees one shape.
public indirect enum TemplateValue: Sendable, Equatable {
    case string(String)
    /// A number as written (`128`, `0.5`): CloudFormation passes numbers through as text in many places.
    case number(String)
    case bool(Bool)
    case null
    case list([TemplateValue])
    /// Keys in document order (the order of `Resources` decides the order of the start-up table).
    case map([TemplateEntry])

    /// The value under `key` of a map, or nil.
    public subscript(key: String) -> TemplateValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// A string, or a number or bool written as text (`MemorySize: "256"` and `MemorySize: 256` are both accepted
    /// by CloudFormation).
    public var text: String? {
        switch self {
        case .string(let s), .number(let s): s
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }
}

/// One key of a map, with the line it was written on (when the parser knows it).
public struct TemplateEntry: Sendable, Equatable {
    public var key: String
    public var value: TemplateValue
    public var line: Int?

    public init(key: String, value: TemplateValue, line: Int? = nil) {
        self.key = key
        self.value = value
        self.line = line
    }
}
