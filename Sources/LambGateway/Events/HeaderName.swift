/// Header names compared and folded as the gateway always has (`String.lowercased()`), without new strings per
/// comparison: names on the wire are ASCII, for which both come down to one byte loop; anything else takes
/// `lowercased()`.
enum HeaderName {
    /// Whether two names are the same ignoring case.
    static func same(_ a: String, _ b: String) -> Bool {
        guard isASCII(a), isASCII(b) else { return a.lowercased() == b.lowercased() }
        return a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { $0 == $1 || fold($0) == fold($1) }
    }

    /// `name.lowercased()`; the name itself when it has no capitals.
    static func lowercased(_ name: String) -> String {
        guard isASCII(name) else { return name.lowercased() }
        guard name.utf8.contains(where: isCapital) else { return name }
        let utf8 = name.utf8
        return String(unsafeUninitializedCapacity: utf8.count) { out in
            for (index, byte) in utf8.enumerated() { out[index] = fold(byte) }
            return utf8.count
        }
    }

    private static func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }

    private static func isCapital(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }

    private static func fold(_ byte: UInt8) -> UInt8 { isCapital(byte) ? byte | 0x20 : byte }
}
