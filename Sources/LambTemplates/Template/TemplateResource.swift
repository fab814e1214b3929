/// One entry of a template's `Resources`, before its properties are resolved.
struct TemplateResource: Sendable, Equatable {
    var logicalId: String
    /// `AWS::Serverless::Function`, `AWS::SQS::Queue`, `Custom::Thing`...
    var type: String
    /// `Properties` as written (an empty map when absent). Globals are merged in before resolution.
    var properties: [TemplateEntry]
    /// The name of the condition that decides whether the resource exists.
    var condition: String?
    /// The resource's `Metadata` (SAM keeps `BuildMethod` there).
    var metadata: TemplateValue?
    /// The line of the resource's logical id.
    var line: Int?

    /// The raw value of one property.
    func property(_ name: String) -> TemplateValue? { properties.first { $0.key == name }?.value }

    /// The resource's own location in `file`, for errors and findings about it.
    func location(in file: String) -> TemplateLocation {
        TemplateLocation(file: file, logicalId: logicalId, line: line)
    }

    /// The location of its `Properties`, from which property paths start.
    func propertiesLocation(in file: String) -> TemplateLocation {
        location(in: file).appending("Properties", line: nil)
    }
}
