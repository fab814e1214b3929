import Foundation
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

@Suite("Request ids")
struct RequestIdTests {
    @Test("request ids are lowercase version-4 UUIDs, distinct across many draws")
    func uuidShape() throws {
        var seen = Set<String>()
        for _ in 0..<2000 {  // more than one refill of the random pool
            let id = Identifiers.requestId()
            let uuid = try #require(UUID(uuidString: id))
            #expect(uuid.uuidString.lowercased() == id)
            let groups = id.split(separator: "-")
            #expect(groups.map(\.count) == [8, 4, 4, 4, 12])
            #expect(groups[2].first == "4")
            #expect("89ab".contains(groups[3].first!))
            seen.insert(id)
        }
        #expect(seen.count == 2000)
    }

    @Test("the trace header's root starts with the epoch seconds in hex")
    func traceEpoch() {
        let header = Identifiers.traceHeader(now: Date(timeIntervalSince1970: 0x5f5e_1000))
        #expect(header.hasPrefix("Root=1-5f5e1000-"))
    }
}
