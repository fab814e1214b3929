/// CloudFormation's YAML short forms (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) and the long-form key each one stands
/// for, so that a YAML template and its JSON twin parse to the same ``TemplateValue``.
enum ShortFormTag {
    /// Tag (as libyaml reports it, with its `!`) → the key of the one-entry map it becomes.
    static let longForms: [String: String] = [
        "!Ref": "Ref",
        "!Condition": "Condition",
        "!GetAtt": "Fn::GetAtt",
        "!Sub": "Fn::Sub",
        "!Join": "Fn::Join",
        "!If": "Fn::If",
        "!Select": "Fn::Select",
        "!Split": "Fn::Split",
        "!FindInMap": "Fn::FindInMap",
        "!Equals": "Fn::Equals",
        "!Not": "Fn::Not",
        "!And": "Fn::And",
        "!Or": "Fn::Or",
        "!Base64": "Fn::Base64",
        "!ImportValue": "Fn::ImportValue",
        "!GetAZs": "Fn::GetAZs",
        "!Cidr": "Fn::Cidr",
        "!Transform": "Fn::Transform",
        "!Length": "Fn::Length",
        "!ToJsonString": "Fn::ToJsonString",
    ]

    /// The long form of `value` written with `tag`, or nil when the tag is not one of CloudFormation's.
    ///
    /// `!GetAtt Resource.Attribute` is the one short form whose scalar changes shape: it becomes the two-item list
    /// of the long form, split at the first dot (attributes such as `Endpoint.Address` keep theirs).
    static func longForm(tag: String, value: TemplateValue, line: Int?) -> TemplateValue? {
        guard let key = longForms[tag] else { return nil }
        var argument = value
        if key == "Fn::GetAtt", case .string(let text) = value, let dot = text.firstIndex(of: ".") {
            argument = .list([.string(String(text[..<dot])), .string(String(text[text.index(after: dot)...]))])
        }
        return .map([TemplateEntry(key: key, value: argument, line: line)])
    }
}
