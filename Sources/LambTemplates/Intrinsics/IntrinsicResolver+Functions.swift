import Foundation

/// The intrinsic functions other than `Ref` and `Fn::GetAtt`.
extension IntrinsicResolver {
    /// `Fn::Sub: "text"` or `Fn::Sub: ["text", {Name: value}]`.
    mutating func sub(_ argument: TemplateValue, at location: TemplateLocation) throws(TemplateError) -> String {
        let template: String
        var variables: [String: String] = [:]
        switch argument {
        case .string(let text):
            template = text
        case .list(let items) where items.count == 2:
            guard case .string(let text) = items[0] else { throw location.error("Fn::Sub needs its text first") }
            template = text
            guard case .map(let entries) = items[1] else {
                throw location.error("Fn::Sub needs a map of variables second")
            }
            for entry in entries {
                variables[entry.key] = try self.text(entry.value, at: location.appending(entry))
            }
        default:
            throw location.error("Fn::Sub needs text, or [text, {variables}]")
        }
        var result = ""
        for part in SubstitutionTemplate(template).parts {
            switch part {
            case .literal(let text):
                result += text
            case .variable(let name):
                if let value = variables[name] {
                    result += value
                } else if let dot = name.firstIndex(of: "."), parameters[name] == nil {
                    let logicalId = String(name[..<dot])
                    result += try attribute(String(name[name.index(after: dot)...]), of: logicalId, at: location)
                } else {
                    guard let value = try reference(name, at: location) else {
                        throw location.error("Fn::Sub cannot substitute AWS::NoValue")
                    }
                    guard let text = value.text else {
                        throw location.error("Fn::Sub variable ${\(name)} is \(value.kindName), not a string")
                    }
                    result += text
                }
            }
        }
        return result
    }

    /// `Fn::If: [condition, value if true, value if false]`; only the chosen value is resolved.
    mutating func ifCondition(_ argument: TemplateValue, at location: TemplateLocation) throws(TemplateError)
        -> TemplateValue?
    {
        guard case .list(let items) = argument, items.count == 3, let name = items[0].text else {
            throw location.error("Fn::If needs [condition name, value if true, value if false]")
        }
        guard let conditions else { throw location.error("Fn::If cannot be used in Conditions") }
        guard let holds = conditions[name] else { throw location.error("no condition named \(name)") }
        return try resolve(holds ? items[1] : items[2], at: location)
    }

    /// `Fn::Join: [delimiter, [values]]`.
    mutating func join(_ argument: TemplateValue, at location: TemplateLocation) throws(TemplateError) -> TemplateValue
    {
        guard case .list(let items) = argument, items.count == 2 else {
            throw location.error("Fn::Join needs [delimiter, [values]]")
        }
        let delimiter = try text(items[0], at: location)
        var texts: [String] = []
        for (index, item) in try list(items[1], at: location).enumerated() {
            guard let text = item.text else {
                throw location.appending(index: index).error("Fn::Join can only join strings, not \(item.kindName)")
            }
            texts.append(text)
        }
        return .string(texts.joined(separator: delimiter))
    }

    /// `Fn::Select: [index, list]`.
    mutating func select(_ argument: TemplateValue, at location: TemplateLocation) throws(TemplateError)
        -> TemplateValue
    {
        guard case .list(let items) = argument, items.count == 2 else {
            throw location.error("Fn::Select needs [index, list]")
        }
        let indexText = try text(items[0], at: location)
        guard let index = Int(indexText) else { throw location.error("Fn::Select index \(indexText) is not a number") }
        let values = try list(items[1], at: location)
        guard values.indices.contains(index) else {
            throw location.error("Fn::Select index \(index) is out of range (the list has \(values.count) items)")
        }
        return values[index]
    }

    /// `Fn::Split: [delimiter, text]`.
    mutating func split(_ argument: TemplateValue, at location: TemplateLocation) throws(TemplateError) -> TemplateValue
    {
        guard case .list(let items) = argument, items.count == 2 else {
            throw location.error("Fn::Split needs [delimiter, text]")
        }
        let delimiter = try text(items[0], at: location)
        let source = try text(items[1], at: location)
        guard !delimiter.isEmpty else { throw location.error("Fn::Split needs a delimiter") }
        return .list(source.components(separatedBy: delimiter).map(TemplateValue.string))
    }

    /// `Fn::FindInMap: [MapName, TopLevelKey, SecondLevelKey]`, with `AWS::LanguageExtensions`' optional fourth
    /// item `{DefaultValue: value}` for keys that are missing.
    mutating func findInMap(_ argument: TemplateValue, at location: TemplateLocation) throws(TemplateError)
        -> TemplateValue
    {
        guard case .list(let items) = argument, items.count == 3 || items.count == 4 else {
            throw location.error("Fn::FindInMap needs [MapName, TopLevelKey, SecondLevelKey]")
        }
        var fallback: TemplateValue?
        if items.count == 4 {
            guard let value = items[3]["DefaultValue"] else {
                throw location.error("Fn::FindInMap's fourth item must be {DefaultValue: value}")
            }
            fallback = value
        }
        let mapName = try text(items[0], at: location)
        let topKey = try text(items[1], at: location)
        let secondKey = try text(items[2], at: location)
        guard let mapping = mappings.first(where: { $0.key == mapName }) else {
            if let fallback { return try required(fallback, at: location) }
            throw location.error("Fn::FindInMap: no mapping named \(mapName)")
        }
        guard let value = mapping.value[topKey]?[secondKey] else {
            if let fallback { return try required(fallback, at: location) }
            throw location.error("Fn::FindInMap: mapping \(mapName) has no \(topKey).\(secondKey)")
        }
        return try required(value, at: location)
    }

    /// `Fn::Base64: text`.
    mutating func base64(_ argument: TemplateValue, at location: TemplateLocation) throws(TemplateError)
        -> TemplateValue
    {
        .string(Data(try text(argument, at: location).utf8).base64EncodedString())
    }

    /// `Fn::GetAZs: region` (empty for the stack's own): three zones, `a` to `c`.
    mutating func availabilityZones(_ argument: TemplateValue, at location: TemplateLocation) throws(TemplateError)
        -> TemplateValue
    {
        var region = try text(argument, at: location)
        if region.isEmpty { region = pseudo.region }
        return .list(["a", "b", "c"].map { .string(region + $0) })
    }

    /// `Fn::Cidr: [ipBlock, count, cidrBits]`.
    mutating func cidr(_ argument: TemplateValue, at location: TemplateLocation) throws(TemplateError) -> TemplateValue
    {
        guard case .list(let items) = argument, items.count == 3 else {
            throw location.error("Fn::Cidr needs [ipBlock, count, cidrBits]")
        }
        let blockText = try text(items[0], at: location)
        guard let block = CidrBlock(blockText) else {
            throw location.error("Fn::Cidr: \(blockText) is not a CIDR block")
        }
        guard let count = Int(try text(items[1], at: location)), let bits = Int(try text(items[2], at: location)) else {
            throw location.error("Fn::Cidr needs numbers for count and cidrBits")
        }
        switch block.subnets(count: count, hostBits: bits) {
        case .success(let subnets): return .list(subnets.map { .string($0.description) })
        case .failure(let failure): throw location.error("Fn::Cidr: \(failure.message)")
        }
    }

    /// `Fn::ImportValue: exportName`: another stack's export, which a local load cannot see. The value is a
    /// placeholder naming the export, so that a function that does not use it can still run.
    mutating func importValue(_ argument: TemplateValue, at location: TemplateLocation) throws(TemplateError)
        -> TemplateValue
    {
        let name = try text(argument, at: location)
        approximate(
            location.finding(
                .approximated,
                "Fn::ImportValue \(name): other stacks' exports are not visible locally; the value is "
                    + "the placeholder \(Self.importPlaceholder(name))"))
        return .string(Self.importPlaceholder(name))
    }

    static func importPlaceholder(_ exportName: String) -> String { "imported-\(exportName)" }
}
