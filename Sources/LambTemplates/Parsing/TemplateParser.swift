import Foundation
import Yams

/// Turns a template's text (YAML or JSON) into a ``TemplateValue``: CloudFormation's short-form tags become their
/// long form, plain scalars get YAML 1.1's types (see ``PlainScalar``), quoted scalars stay text, and every map
/// entry keeps the line it was written on.
struct TemplateParser {
    /// The file, as the user named it; every error starts with it.
    let file: String

    func parse(_ text: String) throws(TemplateError) -> TemplateValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: Self.yamlCompatible(text))
        } catch let error as YamlError {
            throw translate(error)
        } catch {
            throw TemplateError(file: file, message: "cannot parse the template: \(error)")
        }
        guard let node else { throw TemplateError(file: file, message: "the template is empty") }
        return try value(of: node)
    }

    /// JSON is YAML, except that YAML forbids tabs where JSON files often indent with them. A JSON document has no
    /// raw tab inside its strings (they must be written `\t`), so outside strings is the only place one can be and
    /// turning every tab into a space changes nothing else, line numbers included.
    static func yamlCompatible(_ text: String) -> String {
        guard text.drop(while: \.isWhitespace).first == "{" else { return text }
        return text.replacingOccurrences(of: "\t", with: " ")
    }

    private func value(of node: Node) throws(TemplateError) -> TemplateValue {
        switch node {
        case .scalar(let scalar):
            return try value(of: scalar)
        case .sequence(let sequence):
            var items: [TemplateValue] = []
            for item in sequence { items.append(try value(of: item)) }
            return try tagged(.list(items), tag: sequence.tag.rawValue, line: sequence.mark?.line)
        case .mapping(let mapping):
            return try tagged(try value(of: mapping), tag: mapping.tag.rawValue, line: mapping.mark?.line)
        case .alias(let alias):
            // Yams replaces an alias by its anchor's node while composing; this is only reached for an alias it could
            // not resolve, which it reports itself.
            throw TemplateError(file: file, line: alias.mark?.line, message: "unresolved YAML alias *\(alias.anchor)")
        }
    }

    private func value(of scalar: Node.Scalar) throws(TemplateError) -> TemplateValue {
        let tag = scalar.tag.rawValue
        let line = scalar.mark?.line
        switch tag {
        case "":
            return scalar.style == .plain ? PlainScalar.value(of: scalar.string) : .string(scalar.string)
        case "!", Tag.Name.str.rawValue, Tag.Name.binary.rawValue, Tag.Name.timestamp.rawValue:
            return .string(scalar.string)
        case Tag.Name.int.rawValue, Tag.Name.float.rawValue:
            return .number(scalar.string)
        case Tag.Name.bool.rawValue:
            return PlainScalar.value(of: scalar.string.lowercased())
        case Tag.Name.null.rawValue:
            return .null
        default:
            // A short form's argument is text as written: `!Ref 123` names a logical id, not a number.
            return try tagged(.string(scalar.string), tag: tag, line: line)
        }
    }

    private func value(of mapping: Node.Mapping) throws(TemplateError) -> TemplateValue {
        var entries: [TemplateEntry] = []
        var merged: [TemplateEntry] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let key) = keyNode else {
                throw TemplateError(file: file, line: keyNode.mark?.line, message: "a map key must be text")
            }
            let value = try value(of: valueNode)
            // YAML's merge key (`<<: *defaults`): the anchored map's entries, overridden by the map's own.
            if key.string == "<<", key.style == .plain {
                merged += try mergeEntries(value, line: key.mark?.line)
                continue
            }
            entries.append(TemplateEntry(key: key.string, value: value, line: key.mark?.line))
        }
        let own = Set(entries.map(\.key))
        return .map(merged.filter { !own.contains($0.key) } + entries)
    }

    private func mergeEntries(_ value: TemplateValue, line: Int?) throws(TemplateError) -> [TemplateEntry] {
        switch value {
        case .map(let entries):
            return entries
        case .list(let maps):
            var result: [TemplateEntry] = []
            for case .map(let entries) in maps {
                let seen = Set(result.map(\.key))
                result += entries.filter { !seen.contains($0.key) }
            }
            return result
        default:
            throw TemplateError(file: file, line: line, message: "a YAML merge key (<<) needs a map")
        }
    }

    private func tagged(_ value: TemplateValue, tag: String, line: Int?) throws(TemplateError) -> TemplateValue {
        if tag.isEmpty || tag == "!" || tag.hasPrefix("tag:yaml.org,2002:") { return value }
        if let long = ShortFormTag.longForm(tag: tag, value: value, line: line) { return long }
        throw TemplateError(file: file, line: line, message: "unknown tag \(tag)")
    }

    private func translate(_ error: YamlError) -> TemplateError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = problem
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return TemplateError(file: file, line: mark.line, message: "malformed YAML: \(message)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return TemplateError(
                file: file, line: context.mark.line,
                message: "duplicate key \(duplicates.joined(separator: ", ")) in a map")
        case .reader(let problem, _, _, _):
            return TemplateError(file: file, message: "cannot read the template: \(problem)")
        default:
            return TemplateError(file: file, message: "cannot parse the template: \(error)")
        }
    }
}
