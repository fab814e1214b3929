import Testing

@testable import LambCore

@Suite("Recursion lineage in the trace header")
struct RecursionLineageTests {
    let root = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0"

    @Test("a header without lineage counts 0; each invocation raises its own function's count only")
    func counting() {
        #expect(RecursionLineage.count(in: root, function: "a") == 0)
        let once = RecursionLineage.invoking(root, function: "a")
        #expect(once.hasPrefix(root + ";Lineage="))
        let both = RecursionLineage.invoking(RecursionLineage.invoking(once, function: "b"), function: "a")
        #expect(RecursionLineage.count(in: both, function: "a") == 2)
        #expect(RecursionLineage.count(in: both, function: "b") == 1)
        #expect(both.split(separator: ";").filter { $0.hasPrefix("Lineage=") }.count == 1)
    }

    @Test("the 17th invocation of one function in a chain exceeds the limit")
    func limit() {
        var header = root
        for _ in 0..<RecursionLineage.limit {
            #expect(!RecursionLineage.exceedsLimit(header, function: "f"))
            header = RecursionLineage.invoking(header, function: "f")
        }
        #expect(RecursionLineage.exceedsLimit(header, function: "f"))
        #expect(!RecursionLineage.exceedsLimit(header, function: "g"))
    }

    @Test("malformed lineage entries are ignored, not trusted")
    func malformed() {
        #expect(RecursionLineage.count(in: root + ";Lineage=zz", function: "f") == 0)
        let key = RecursionLineage.key("f")
        #expect(RecursionLineage.count(in: root + ";Lineage=\(key):-3", function: "f") == 0)
        #expect(RecursionLineage.count(in: root + ";Lineage=\(key):7,other:x", function: "f") == 7)
    }
}
