import Foundation
import LambCore
import Testing

@Suite("JSONString")
struct JSONStringTests {
    @Test(
        "a string becomes a JSON literal that a JSON parser reads back unchanged",
        arguments: ["", "plain text", "quote \" and backslash \\", "line\nfeed\r\ttab", "bell \u{07} and nul \u{00}", "ünïcödé ✓ 🐑"])
    func roundTrip(text: String) throws {
        let literal = JSONString.quoted(text)
        let decoded = try JSONSerialization.jsonObject(with: Data(literal.utf8), options: [.fragmentsAllowed])
        #expect(decoded as? String == text)
    }

    @Test("control characters are written as \\u escapes, other characters as they are")
    func escapes() {
        #expect(JSONString.quoted("a\u{01}b") == "\"a\\u0001b\"")
        #expect(JSONString.quoted("é") == "\"é\"")
    }
}
