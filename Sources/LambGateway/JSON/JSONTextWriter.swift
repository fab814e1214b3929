/// Writes compact JSON text front to back as UTF-8 bytes, for what is made once per request (the events): no tree of
/// values first, no `String` appends. The text is the one ``GatewayJSON/serialized`` gives for the same tree: strings
/// escaped as `JSONString` escapes them (`\"`, `\\`, `\n`, `\r`, `\t`, `\u00XX` for other control characters,
/// everything else as is).
///
/// Commas are the writer's business: a member or item after another gets one.
struct JSONTextWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the next member or item is the first of its object or array (or a key's value): no comma before it.
    private var first = true

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    private mutating func separate() {
        if first {
            first = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
    }

    private mutating func write(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        first = true
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        first = false
    }

    /// The key of the next member (a name with nothing to escape); its value follows.
    mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        write(key)
        write("\":")
        first = true
    }

    /// A key that comes from the request (a header or parameter name); its value follows.
    mutating func dynamicKey(_ key: String) {
        separate()
        quote(key)
        bytes.append(UInt8(ascii: ":"))
        first = true
    }

    mutating func string(_ value: String) {
        separate()
        quote(value)
    }

    /// A string, or `null` when there is none.
    mutating func string(orNull value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func null() {
        separate()
        write("null")
    }

    mutating func bool(_ value: Bool) {
        separate()
        if value { write("true") } else { write("false") }
    }

    /// A number, as the text it is written as.
    mutating func number(_ text: String) {
        separate()
        bytes.append(contentsOf: text.utf8)
    }

    /// A value made as a tree elsewhere (an authorizer's context).
    mutating func value(_ json: GatewayJSON) {
        separate()
        bytes.append(contentsOf: json.serialized.utf8)
    }

    /// `key: "value"`.
    mutating func member(_ key: StaticString, _ value: String) {
        self.key(key)
        string(value)
    }

    /// An object of texts in the given order.
    mutating func strings(_ pairs: [(String, String)]) {
        beginObject()
        for (name, value) in pairs {
            dynamicKey(name)
            string(value)
        }
        endObject()
    }

    /// ``strings(_:)``, or `null` when there are none.
    mutating func strings(orNullIfEmpty pairs: [(String, String)]) {
        if pairs.isEmpty { null() } else { strings(pairs) }
    }

    /// `text` in quotes, escaped. Byte by byte: every byte of a multi-byte UTF-8 sequence is 0x80 or above, so only
    /// ASCII is ever escaped, as `JSONString` does scalar by scalar.
    private mutating func quote(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            guard utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): write("\\\"")
                case UInt8(ascii: "\\"): write("\\\\")
                case UInt8(ascii: "\n"): write("\\n")
                case UInt8(ascii: "\r"): write("\\r")
                case UInt8(ascii: "\t"): write("\\t")
                case ..<0x20:
                    write("\\u00")
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0xF)])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
