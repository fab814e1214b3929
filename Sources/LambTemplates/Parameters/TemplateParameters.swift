/// The values of a template's `Parameters`: the user's `--parameter-overrides` win over each `Default`, then
/// `AllowedValues`, `AllowedPattern`, lengths and bounds are checked as CloudFormation checks them at deploy time.
///
/// A `Default` must be written out (CloudFormation allows no intrinsic there), so parameters cannot refer to each
/// other and no chain of them can be circular.
struct TemplateParameters: Sendable {
    /// Name → value: text, or a list of texts for list types. Numbers are text too, as `Ref` gives them.
    private(set) var values: [String: TemplateValue] = [:]
    private(set) var findings: [TemplateFinding] = []

    init(declarations: [TemplateEntry], overrides: [String: String], file: String) throws(TemplateError) {
        for declaration in declarations {
            let location = TemplateLocation(file: file, logicalId: declaration.key, line: declaration.line)
            values[declaration.key] = try value(of: declaration, override: overrides[declaration.key], at: location)
        }
    }

    private mutating func value(of declaration: TemplateEntry, override: String?, at location: TemplateLocation)
        throws(TemplateError) -> TemplateValue
    {
        let spec = declaration.value
        guard case .map = spec else { throw location.error("a parameter must be a map with a Type") }
        guard let typeName = spec["Type"]?.text else { throw location.error("the parameter has no Type") }
        guard let type = ParameterType(typeName) else { throw location.error("unknown parameter type \(typeName)") }
        let text: String
        if let override {
            text = override
        } else if let fallback = spec["Default"] {
            text = try Self.literal(fallback, at: location.appending("Default", line: nil))
        } else {
            throw location.error(
                "the parameter has no Default and no value was given (--parameter-overrides \(declaration.key)=...)")
        }
        if type.readsParameterStore {
            findings.append(
                TemplateLocation(file: location.file, logicalId: "Parameters", path: declaration.key).finding(
                    .approximated,
                    "\(typeName): Lamb has no access to Parameter Store; the value is the text given (\(text)), "
                        + "not the stored parameter's"))
        }
        let items =
            type.isList
            ? (text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
            : [text]
        for item in items {
            try Self.check(item, type: type, spec: spec, at: location)
        }
        return type.isList ? .list(items.map(TemplateValue.string)) : .string(text)
    }

    /// A `Default` as text: a scalar, or a list joined with commas (for list types written as YAML lists).
    private static func literal(_ value: TemplateValue, at location: TemplateLocation) throws(TemplateError) -> String {
        if let text = value.text { return text }
        if case .list(let items) = value {
            var texts: [String] = []
            for item in items {
                guard let text = item.text else { throw location.error("must be written out (no intrinsic functions)") }
                texts.append(text)
            }
            return texts.joined(separator: ",")
        }
        throw location.error("must be written out (no intrinsic functions)")
    }

    private static func check(_ value: String, type: ParameterType, spec: TemplateValue, at location: TemplateLocation)
        throws(TemplateError)
    {
        if type.isNumeric, Double(value) == nil {
            throw location.error("\(value) is not a number (Type: \(type.name))")
        }
        if case .list(let allowed) = spec["AllowedValues"], !allowed.compactMap(\.text).contains(value) {
            throw location.error(
                "\(value) is not one of AllowedValues [\(allowed.compactMap(\.text).joined(separator: ", "))]")
        }
        if let pattern = spec["AllowedPattern"]?.text {
            let matches: Bool
            do { matches = try Regex(pattern).wholeMatch(in: value) != nil } catch {
                throw location.error("AllowedPattern \(pattern) is not a regular expression")
            }
            if !matches {
                let description = spec["ConstraintDescription"]?.text ?? "it must match AllowedPattern \(pattern)"
                throw location.error("\(value) is refused: \(description)")
            }
        }
        if let min = spec["MinLength"]?.text.flatMap(Int.init), value.count < min {
            throw location.error("\(value) is shorter than MinLength \(min)")
        }
        if let max = spec["MaxLength"]?.text.flatMap(Int.init), value.count > max {
            throw location.error("\(value) is longer than MaxLength \(max)")
        }
        if let number = Double(value) {
            if let min = spec["MinValue"]?.text.flatMap(Double.init), number < min {
                throw location.error("\(value) is less than MinValue \(spec["MinValue"]?.text ?? "")")
            }
            if let max = spec["MaxValue"]?.text.flatMap(Double.init), number > max {
                throw location.error("\(value) is greater than MaxValue \(spec["MaxValue"]?.text ?? "")")
            }
        }
    }
}
