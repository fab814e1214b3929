/// Typed reading of a resource's resolved properties (or of one nested map of them), with errors that name the
/// property and its line: `HelloFunction Properties.MemorySize: must be a whole number, not 12x`.
struct PropertyReader: Sendable {
    let entries: [TemplateEntry]
    /// The location of the map itself; each property's path is appended to it.
    let location: TemplateLocation

    init(entries: [TemplateEntry], at location: TemplateLocation) {
        self.entries = entries
        self.location = location
    }

    /// A map value as a reader; an error for anything else.
    init(_ value: TemplateValue, at location: TemplateLocation) throws(TemplateError) {
        switch value {
        case .map(let entries): self.init(entries: entries, at: location)
        case .null: self.init(entries: [], at: location)
        default: throw location.error("must be a map, not \(value.kindName)")
        }
    }

    func has(_ key: String) -> Bool { entry(key) != nil }

    func value(_ key: String) -> TemplateValue? { entry(key)?.value }

    func location(of key: String) -> TemplateLocation {
        location.appending(key, line: entry(key)?.line)
    }

    func string(_ key: String) throws(TemplateError) -> String? {
        guard let value = value(key), value != .null else { return nil }
        guard let text = value.text else { throw location(of: key).error("must be a string, not \(value.kindName)") }
        return text
    }

    func requiredString(_ key: String) throws(TemplateError) -> String {
        guard let text = try string(key) else { throw location(of: key).error("is required") }
        return text
    }

    func int(_ key: String) throws(TemplateError) -> Int? {
        guard let text = try string(key) else { return nil }
        guard let number = Int(text) else { throw location(of: key).error("must be a whole number, not \(text)") }
        return number
    }

    /// `true` / `false`, written as a boolean or as text.
    func bool(_ key: String) throws(TemplateError) -> Bool? {
        guard let text = try string(key) else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw location(of: key).error("must be true or false, not \(text)")
        }
    }

    func double(_ key: String) throws(TemplateError) -> Double? {
        guard let text = try string(key) else { return nil }
        guard let number = Double(text) else { throw location(of: key).error("must be a number, not \(text)") }
        return number
    }

    /// A list of texts; a single text is taken as a list of one.
    func strings(_ key: String) throws(TemplateError) -> [String]? {
        guard let value = value(key), value != .null else { return nil }
        let items: [TemplateValue]
        if case .list(let list) = value { items = list } else { items = [value] }
        var texts: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = item.text else {
                throw location(of: key).appending(index: index).error("must be a string, not \(item.kindName)")
            }
            texts.append(text)
        }
        return texts
    }

    /// A map of texts (environment variables, tags): numbers and booleans become text, null becomes empty.
    func stringMap(_ key: String) throws(TemplateError) -> [String: String]? {
        guard let map = try nested(key) else { return nil }
        var result: [String: String] = [:]
        for entry in map.entries {
            if entry.value == .null {
                result[entry.key] = ""
            } else if let text = entry.value.text {
                result[entry.key] = text
            } else {
                throw map.location(of: entry.key).error("must be a string, not \(entry.value.kindName)")
            }
        }
        return result
    }

    /// A nested map, as a reader.
    func nested(_ key: String) throws(TemplateError) -> PropertyReader? {
        guard let value = value(key) else { return nil }
        return try PropertyReader(value, at: location(of: key))
    }

    private func entry(_ key: String) -> TemplateEntry? { entries.first { $0.key == key } }
}
