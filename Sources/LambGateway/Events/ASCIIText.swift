import Foundation

/// Text operations the gateway does on every request — header names compared and lower-cased, values trimmed,
/// names split at a delimiter — with the results they always had (`String.lowercased()`, Foundation's whitespace
/// trimming, `split` by `Character`) but without their cost: on ASCII text, which is what HTTP puts on the wire,
/// each is one pass over the bytes; any other text takes the general operation.
enum ASCIIText {
    /// Whether two names are the same ignoring case (`a.lowercased() == b.lowercased()`).
    static func same(_ a: String, _ b: String) -> Bool {
        guard isASCII(a), isASCII(b) else { return a.lowercased() == b.lowercased() }
        return a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { $0 == $1 || fold($0) == fold($1) }
    }

    /// `text.lowercased()`; the text itself when it has no capitals.
    static func lowercased<Text: StringProtocol>(_ text: Text) -> String {
        guard isASCII(text) else { return text.lowercased() }
        guard text.utf8.contains(where: isCapital) else { return String(text) }
        let utf8 = text.utf8
        return String(unsafeUninitializedCapacity: utf8.count) { out in
            for (index, byte) in utf8.enumerated() { out[index] = fold(byte) }
            return utf8.count
        }
    }

    /// `text.trimmingCharacters(in: .whitespaces)`: ASCII text loses its leading and trailing spaces and tabs.
    static func trimmingWhitespace(_ text: Substring) -> String {
        guard isASCII(text) else { return text.trimmingCharacters(in: .whitespaces) }
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !isBlank($0) })!
        return String(text[first...last])
    }

    /// `String(text.split(separator: separator, maxSplits: 1).first ?? "")`: the first run of text without the
    /// ASCII separator that is not empty, or nil when there is none.
    static func firstPiece(of text: String, separatedBy separator: UInt8) -> Substring? {
        guard isASCII(text) else {
            return text.split(separator: Character(Unicode.Scalar(separator)), maxSplits: 1).first
        }
        let byte = separator
        let utf8 = text.utf8
        guard let start = utf8.firstIndex(where: { $0 != byte }) else { return nil }
        return text[start..<(utf8[start...].firstIndex(of: byte) ?? utf8.endIndex)]
    }

    static func isASCII<Text: StringProtocol>(_ text: Text) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private static func isCapital(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }

    private static func fold(_ byte: UInt8) -> UInt8 { isCapital(byte) ? byte | 0x20 : byte }
}
