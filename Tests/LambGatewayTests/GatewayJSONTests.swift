import LambGateway
import Testing

@Suite("GatewayJSON")
struct GatewayJSONTests {
    @Test("parsing keeps key order, numbers as written, and decodes escapes")
    func parse() throws {
        let json = try #require(
            GatewayJSON.parse(Array(#"{"b":1.50,"a":[true,null,"x\u00e9\n\ud83d\ude00\/"],"b":-2e3}"#.utf8)))
        guard case .object(let members) = json else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.0) == ["b", "a", "b"])
        #expect(json["b"] == .number("1.50"))
        #expect(json["a"] == .array([.bool(true), .null, .string("xé\n😀/")]))
    }

    @Test(
        "malformed documents are refused",
        arguments: [
            "", "{", #"{"a":}"#, "[1,]", "01", "1.", #""\x""#, "tru", #"{"a":1}x"#, "\"a\u{01}\"", #"{1:2}"#,
        ])
    func malformed(text: String) {
        #expect(GatewayJSON.parse(Array(text.utf8)) == nil)
    }

    @Test("nesting deeper than the limit is refused, not a crash")
    func depth() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(GatewayJSON.parse(Array(deep.utf8)) == nil)
        #expect(GatewayJSON.parse(Array("[[[]]]".utf8), maxDepth: 2) != nil)
    }

    @Test("a byte order mark and surrounding whitespace are allowed")
    func bom() {
        #expect(GatewayJSON.parse([0xEF, 0xBB, 0xBF] + Array(" 42 \n".utf8)) == .number("42"))
    }

    @Test("serializing is compact, ordered, and escapes what JSON requires")
    func serialize() {
        let value = GatewayJSON.object([
            ("z", .string("a\"b\\c\u{1}/é")), ("a", .array([.int(1), .null, .bool(false)])), ("e", .object([])),
        ])
        #expect(value.serialized == #"{"z":"a\"b\\c\u0001/é","a":[1,null,false],"e":{}}"#)
        #expect(GatewayJSON.parse(value.bytes) == value)
    }
}
