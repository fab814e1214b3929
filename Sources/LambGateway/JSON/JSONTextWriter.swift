import LambCore

/// Writes compact JSON text front to back, for what is made once per request (the events): no tree of values first,
/// and the same text ``GatewayJSON/serialized`` gives for the tree (strings escaped by ``JSONString``).
///
/// Commas are the writer's business: a member or item after another gets one.
struct JSONTextWriter {
    private(set) var text = ""
    /// Whether the next member or item is the first of its object or array (or a key's value): no comma before it.
    private var first = true

    init(capacity: Int) {
        text.reserveCapacity(capacity)
    }

    private mutating func separate() {
        if first {
            first = false
        } else {
            text += ","
        }
    }

    mutating func beginObject() {
        separate()
        text += "{"
        first = true
    }

    mutating func endObject() {
        text += "}"
        first = false
    }

    mutating func beginArray() {
        separate()
        text += "["
        first = true
    }

    mutating func endArray() {
        text += "]"
        first = false
    }

    /// The key of the next member; its value follows.
    mutating func key(_ key: String) {
        separate()
        JSONString.append(key, to: &text)
        text += ":"
        first = true
    }

    mutating func string(_ value: String) {
        separate()
        JSONString.append(value, to: &text)
    }

    /// A string, or `null` when there is none.
    mutating func string(orNull value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func null() {
        separate()
        text += "null"
    }

    mutating func bool(_ value: Bool) {
        separate()
        text += value ? "true" : "false"
    }

    /// A number, as the text it is written as.
    mutating func number(_ text: String) {
        separate()
        self.text += text
    }

    /// A value made as a tree elsewhere (an authorizer's context).
    mutating func value(_ json: GatewayJSON) {
        separate()
        json.write(to: &text)
    }

    /// `key: "value"`.
    mutating func member(_ key: String, _ value: String) {
        self.key(key)
        string(value)
    }

    /// An object of texts in the given order.
    mutating func strings(_ pairs: [(String, String)]) {
        beginObject()
        for (name, value) in pairs { member(name, value) }
        endObject()
    }

    /// ``strings(_:)``, or `null` when there are none.
    mutating func strings(orNullIfEmpty pairs: [(String, String)]) {
        if pairs.isEmpty { null() } else { strings(pairs) }
    }
}
