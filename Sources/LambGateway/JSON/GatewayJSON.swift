import LambCore

/// A JSON value whose objects keep their keys in order: events are written in the order AWS's examples show, and a
/// function's response headers are answered in the order the function gave them.
///
/// Numbers are kept as the text they were written as, so `200`, `200.0` and a 64-bit epoch survive unchanged.
public indirect enum GatewayJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([GatewayJSON])
    case object([(String, GatewayJSON)])

    public static func == (lhs: GatewayJSON, rhs: GatewayJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// A whole number.
    public static func int(_ value: Int) -> GatewayJSON { .number(String(value)) }

    /// `.string(value)`, or `.null` when there is none.
    public static func string(orNull value: String?) -> GatewayJSON { value.map(GatewayJSON.string) ?? .null }

    /// A map of texts in the given order; `.null` when `orNullIfEmpty` and there are none.
    public static func strings(_ pairs: [(String, String)], orNullIfEmpty: Bool = false) -> GatewayJSON {
        if orNullIfEmpty && pairs.isEmpty { return .null }
        return .object(pairs.map { ($0.0, .string($0.1)) })
    }

    /// The value under `key` of an object (the first, if a key is repeated); nil otherwise.
    public subscript(key: String) -> GatewayJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// Compact JSON text: no spaces, keys in order, `/` not escaped.
    public var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// ``serialized`` as UTF-8 bytes.
    public var bytes: [UInt8] { Array(serialized.utf8) }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let text): out += text
        case .string(let text): Self.writeString(text, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                Self.writeString(member.0, to: &out)
                out += ":"
                member.1.write(to: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ text: String, to out: inout String) {
        JSONString.append(text, to: &out)
    }
}
