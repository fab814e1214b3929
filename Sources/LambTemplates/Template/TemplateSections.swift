/// A template's top-level sections, checked for shape (CloudFormation's "Template format error"s) but not resolved.
struct TemplateSections: Sendable {
    /// `Transform`, as names (`AWS::Serverless-2016-10-31`, `AWS::LanguageExtensions`).
    var transforms: [String] = []
    var parameters: [TemplateEntry] = []
    var mappings: [TemplateEntry] = []
    var conditions: [TemplateEntry] = []
    var globals: [TemplateEntry] = []
    var resources: [TemplateResource] = []
    /// `Rules` and `Hooks`, present but not acted on; each gets a finding.
    var unusedSections: [TemplateEntry] = []

    /// Sections CloudFormation knows; any other top-level key makes it refuse the template.
    static let knownSections: Set<String> = [
        "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions",
        "Transform", "Globals", "Resources", "Outputs", "Hooks",
    ]

    static let serverlessTransform = "AWS::Serverless-2016-10-31"
    static let languageExtensions = "AWS::LanguageExtensions"

    init(root: TemplateValue, file: String) throws(TemplateError) {
        let top = TemplateLocation(file: file)
        guard case .map(let entries) = root else { throw top.error("the template must be a map of sections") }
        for entry in entries {
            let location = TemplateLocation(file: file, logicalId: entry.key, line: entry.line)
            guard Self.knownSections.contains(entry.key) else {
                throw location.error(
                    "not a template section (expected one of \(Self.knownSections.sorted().joined(separator: ", ")))")
            }
            switch entry.key {
            case "Transform": transforms = try Self.transformNames(entry.value, at: location)
            case "Parameters": parameters = try Self.entries(entry.value, at: location)
            case "Mappings": mappings = try Self.entries(entry.value, at: location)
            case "Conditions": conditions = try Self.entries(entry.value, at: location)
            case "Globals": globals = try Self.entries(entry.value, at: location)
            case "Resources": resources = try Self.resources(entry.value, file: file, at: location)
            case "Rules", "Hooks": unusedSections.append(entry)
            default: break
            }
        }
        guard !resources.isEmpty else { throw top.error("the template has no Resources") }
    }

    var isServerless: Bool { transforms.contains(Self.serverlessTransform) }

    private static func entries(_ value: TemplateValue, at location: TemplateLocation) throws(TemplateError)
        -> [TemplateEntry]
    {
        switch value {
        case .map(let entries): return entries
        case .null: return []
        default: throw location.error("must be a map")
        }
    }

    /// `Transform: AWS::Serverless-2016-10-31`, a list of names, or macros written as `{Name: ..., Parameters: ...}`.
    private static func transformNames(_ value: TemplateValue, at location: TemplateLocation) throws(TemplateError)
        -> [String]
    {
        let items: [TemplateValue]
        if case .list(let list) = value { items = list } else { items = [value] }
        var names: [String] = []
        for item in items {
            if let name = item.text ?? item["Name"]?.text {
                names.append(name)
            } else {
                throw location.error("each transform must be a name")
            }
        }
        return names
    }

    private static func resources(_ value: TemplateValue, file: String, at location: TemplateLocation)
        throws(TemplateError) -> [TemplateResource]
    {
        var resources: [TemplateResource] = []
        for entry in try entries(value, at: location) {
            let here = TemplateLocation(file: file, logicalId: entry.key, line: entry.line)
            if entry.key.hasPrefix("Fn::ForEach") {
                throw here.error("Fn::ForEach (AWS::LanguageExtensions) is not supported; write the resources out")
            }
            guard !entry.key.isEmpty, entry.key.unicodeScalars.allSatisfy(\.isASCIIAlphanumeric) else {
                throw here.error("a logical id must be alphanumeric (A-Za-z0-9)")
            }
            guard case .map = entry.value else { throw here.error("a resource must be a map with a Type") }
            guard let type = entry.value["Type"]?.text, !type.isEmpty else {
                throw here.error("the resource has no Type")
            }
            var properties: [TemplateEntry] = []
            if let raw = entry.value["Properties"] {
                properties = try entries(raw, at: here.appending("Properties", line: nil))
            }
            var condition: String?
            if let raw = entry.value["Condition"] {
                guard let name = raw.text else { throw here.appending("Condition", line: nil).error("must be a name") }
                condition = name
            }
            resources.append(
                TemplateResource(
                    logicalId: entry.key, type: type, properties: properties, condition: condition,
                    metadata: entry.value["Metadata"], line: entry.line))
        }
        return resources
    }
}

extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
