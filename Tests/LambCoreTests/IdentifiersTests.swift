import LambCore
import Testing

@Suite("Identifiers")
struct IdentifiersTests {
    @Test("hex ids have two lowercase hex digits per byte and differ each time", arguments: [1, 8, 12, 16, 17])
    func hex(count: Int) {
        let a = Identifiers.hex(bytes: count)
        #expect(a.count == count * 2)
        #expect(a.allSatisfy { "0123456789abcdef".contains($0) })
        if count >= 8 { #expect(a != Identifiers.hex(bytes: count)) }
    }

    @Test("trace headers look like X-Ray's")
    func trace() {
        let header = Identifiers.traceHeader()
        let parts = header.split(separator: ";")
        #expect(parts.count == 3)
        #expect(parts[0].hasPrefix("Root=1-") && parts[0].count == "Root=1-".count + 8 + 1 + 24)
        #expect(parts[1].hasPrefix("Parent=") && parts[1].count == "Parent=".count + 16)
        #expect(parts[2] == "Sampled=0")
    }
}
