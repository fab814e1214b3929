import LambCore
import Testing

@Suite("X-Amzn-Trace-Id pass-through")
struct TraceHeaderTests {
    @Test("a caller's trace is continued as given, completed with a parent and a sampling decision")
    func continued() throws {
        let full = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        #expect(TraceHeader.continuing(full) == full)
        let rootOnly = try #require(TraceHeader.continuing("Root=1-5759e988-bd862e3fe1be46a994272793"))
        #expect(rootOnly.hasPrefix("Root=1-5759e988-bd862e3fe1be46a994272793;Parent="))
        #expect(rootOnly.hasSuffix(";Sampled=0"))
        #expect(
            TraceHeader.continuing("Sampled=1;Lineage=a:1;Root=1-5759e988-bd862e3fe1be46a994272793;Parent=1234567890abcdef")
                == "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=1234567890abcdef;Sampled=1;Lineage=a:1")
    }

    @Test("a header without a valid root starts a new trace", arguments: ["", "Root=2-1-2", "Parent=1", "garbage", "Root=1-zzzzzzzz-bd862e3fe1be46a994272793"])
    func refused(header: String) {
        #expect(TraceHeader.continuing(header) == nil)
    }
}
