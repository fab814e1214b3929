/// Resolves CloudFormation's intrinsic functions in a template value: `Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::If`,
/// `Fn::FindInMap` and the rest, against the parameters, pseudo parameters, conditions, mappings and resources of one
/// template.
///
/// `{"Ref": "AWS::NoValue"}` removes the property or list item it stands for, so ``resolve(_:at:)`` returns nil for
/// it. Values that only AWS could give (an SQS queue's URL, an export of another stack) are made up and reported
/// as `approximated`.
struct IntrinsicResolver {
    let file: String
    let pseudo: PseudoParameters
    let parameters: [String: TemplateValue]
    let mappings: [TemplateEntry]
    /// Condition name → value; nil while the `Conditions` section itself is being evaluated.
    var conditions: [String: Bool]?
    /// The resources a `Ref` or `Fn::GetAtt` may name; nil while `Conditions` are evaluated (CloudFormation allows
    /// no resource there).
    var resources: ResourceTable?
    var findings = FindingLog()
    /// Off while resolving a property Lamb ignores (`Policies`): a made-up value there changes nothing, so it is not
    /// worth a finding.
    var reportsApproximations = true
    /// `LogicalId.Property` → the text of a property another resource's reference needed (a name, an alias name),
    /// once resolved.
    var referencedProperties: [String: String] = [:]
    /// The `LogicalId.Property`s being resolved for a reference, outermost first: meeting one again is a circle.
    var propertiesInProgress: [String] = []

    init(file: String, pseudo: PseudoParameters, parameters: [String: TemplateValue], mappings: [TemplateEntry]) {
        self.file = file
        self.pseudo = pseudo
        self.parameters = parameters
        self.mappings = mappings
    }

    /// `value` with every intrinsic function replaced by its result; nil when it is (or resolves to) `AWS::NoValue`.
    mutating func resolve(_ value: TemplateValue, at location: TemplateLocation) throws(TemplateError) -> TemplateValue?
    {
        switch value {
        case .list(let items):
            var resolved: [TemplateValue] = []
            for (index, item) in items.enumerated() {
                if let value = try resolve(item, at: location.appending(index: index)) { resolved.append(value) }
            }
            return .list(resolved)
        case .map(let entries):
            if entries.count == 1, let entry = entries.first, Self.isIntrinsic(entry.key) {
                // The function's own key stays out of the path: errors name the property it stands for.
                var here = location
                here.line = entry.line ?? location.line
                return try apply(entry, at: here)
            }
            var resolved: [TemplateEntry] = []
            for entry in entries {
                if let value = try resolve(entry.value, at: location.appending(entry)) {
                    resolved.append(TemplateEntry(key: entry.key, value: value, line: entry.line))
                }
            }
            return .map(resolved)
        case .string(let text):
            if text.contains("{{resolve:") {
                approximate(
                    location.finding(
                        .approximated,
                        "dynamic reference {{resolve:...}} left as written (no SSM or Secrets Manager access)"))
            }
            return value
        default:
            return value
        }
    }

    /// Like ``resolve(_:at:)`` for a value that must exist (an intrinsic's argument).
    mutating func required(_ value: TemplateValue, at location: TemplateLocation) throws(TemplateError) -> TemplateValue
    {
        guard let resolved = try resolve(value, at: location) else {
            throw location.error("AWS::NoValue cannot be used here")
        }
        return resolved
    }

    /// A resolved value as text: numbers and booleans as written; lists and maps are refused.
    mutating func text(_ value: TemplateValue, at location: TemplateLocation) throws(TemplateError) -> String {
        let resolved = try required(value, at: location)
        guard let text = resolved.text else { throw location.error("must be a string, not \(resolved.kindName)") }
        return text
    }

    /// A resolved value as a list.
    mutating func list(_ value: TemplateValue, at location: TemplateLocation) throws(TemplateError) -> [TemplateValue] {
        let resolved = try required(value, at: location)
        guard case .list(let items) = resolved else { throw location.error("must be a list, not \(resolved.kindName)") }
        return items
    }

    /// `Ref` and every `Fn::` key: the keys that make a one-entry map an intrinsic function. (`Condition` counts only
    /// inside `Conditions`, so that a property named `Condition` stays a property.)
    static func isIntrinsic(_ key: String) -> Bool { key == "Ref" || key.hasPrefix("Fn::") }

    mutating func approximate(_ finding: TemplateFinding) {
        if reportsApproximations { findings.add(finding) }
    }

    private mutating func apply(_ function: TemplateEntry, at location: TemplateLocation) throws(TemplateError)
        -> TemplateValue?
    {
        let argument = function.value
        switch function.key {
        case "Ref":
            guard case .string(let name) = argument else { throw location.error("Ref needs a logical id") }
            return try reference(name, at: location)
        case "Fn::GetAtt": return try getAtt(argument, at: location)
        case "Fn::Sub": return .string(try sub(argument, at: location))
        case "Fn::If": return try ifCondition(argument, at: location)
        case "Fn::Join": return try join(argument, at: location)
        case "Fn::Select": return try select(argument, at: location)
        case "Fn::Split": return try split(argument, at: location)
        case "Fn::FindInMap": return try findInMap(argument, at: location)
        case "Fn::Base64": return try base64(argument, at: location)
        case "Fn::GetAZs": return try availabilityZones(argument, at: location)
        case "Fn::Cidr": return try cidr(argument, at: location)
        case "Fn::ImportValue": return try importValue(argument, at: location)
        case "Fn::Length": return .number(String(try list(argument, at: location).count))
        case "Fn::ToJsonString": return .string(JSONText.encode(try required(argument, at: location)))
        case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or":
            throw location.error("\(function.key) can only be used in Conditions (use Fn::If with a condition here)")
        case "Fn::Transform":
            throw location.error("Fn::Transform runs a macro; Lamb cannot run macros locally")
        default:
            throw location.error("unknown intrinsic function \(function.key)")
        }
    }
}

extension TemplateValue {
    /// `a string`, `a list`, ... for messages.
    var kindName: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .list: "a list"
        case .map: "a map"
        }
    }
}
