import LambCore
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

    static func quoted(_ text: String) -> String { JSONString.quoted(text) }
}
