import Foundation
import LambCore
import Testing

@Suite("JSON syntax check of Invoke payloads")
struct JSONSyntaxTests {
    static let valid = [
        "{}", "[]", " { } ", "\n[\t]\r\n", "0", "-0", "12.5e-3", "1E+9", "-1.0", "true", "false", "null", "\"\"",
        "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"", "\"héllo 😀\"",
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"},"f":[],"g":{}}"#, #"[1, [2, [3, [4]]], {"x": [ ]}]"#,
        #"{"a":1,"a":2}"#, "1e400", "\u{FEFF}{}",
    ]

    static let invalid = [
        "", " ", "{", "}", "[", "]", "[1,]", "{\"a\":1,}", "{\"a\"}", "{\"a\" 1}", "{a:1}", "[1 2]", "01", "-",
        "1.", ".5", "1e", "1e+", "+1", "NaN", "Infinity", "tru", "nulls", "True", "'a'", "\"abc", "\"a\\x\"",
        "\"\\u12G4\"", "\"a\u{01}b\"", "{} {}", "[] x", "{\"a\":1}]", "[}", "{]", "//", "\u{FEFF}", "{}\u{FEFF}",
    ]

    @Test("accepts every JSON value, with whitespace around it", arguments: valid)
    func accepts(_ text: String) {
        #expect(JSONSyntax.isValid(Array(text.utf8)))
    }

    @Test("refuses what is not exactly one JSON value", arguments: invalid)
    func refuses(_ text: String) {
        #expect(!JSONSyntax.isValid(Array(text.utf8)))
    }

    @Test("refuses bytes that are not UTF-8 inside strings")
    func invalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE2, 0x82]] {
            #expect(!JSONSyntax.isValid(bytes))
        }
    }

    @Test("deep nesting is checked without recursion")
    func deepNesting() {
        let depth = 100_000
        #expect(JSONSyntax.isValid(Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)))
        #expect(!JSONSyntax.isValid(Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth - 1)).utf8)))
    }

    /// Foundation lets trailing commas pass, which Lambda refuses.
    @Test("agrees with Foundation's parser, but for trailing commas")
    func agreesWithFoundation() {
        for text in Self.valid where text != "1e400" {
            #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) != nil, "\(text)")
        }
        for text in Self.invalid where !text.isEmpty && !text.contains(",]") && !text.contains(",}") {
            #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) == nil, "\(text)")
        }
    }
}
