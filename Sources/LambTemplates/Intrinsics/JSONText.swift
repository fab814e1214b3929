/// A resolved value as compact JSON text, keys in template order: what `Fn::ToJsonString` gives.
enum JSONText {
    static func encode(_ value: TemplateValue) -> String {
        switch value {
        case .string(let text): quoted(text)
        // A number is written as the template wrote it; one JSON cannot read (`0x1F`) is written as text.
        case .number(let text):
            Double(text) != nil && !text.hasPrefix("0x") && !text.hasPrefix("+") ? text : quoted(text)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .list(let items): "[" + items.map(encode).joined(separator: ",") + "]"
        case .map(let entries):
            "{" + entries.map { quoted($0.key) + ":" + encode($0.value) }.joined(separator: ",") + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
