import Foundation
import LambWorkspace
import Testing

@Suite("Environment size check")
struct EnvironmentSizeCheckTests {
    @Test("variables are measured as the JSON object Lambda stores")
    func measure() {
        // {"A":"1","B":"a/b"} — 19 bytes, the slash not escaped.
        #expect(EnvironmentSizeCheck(["B": "a/b", "A": "1"]).measuredBytes == 19)
        #expect(EnvironmentSizeCheck([:]).measuredBytes == 2)
    }

    @Test("exactly 4096 bytes is allowed, one more is not", arguments: [(4096, true), (4097, false)])
    func boundary(_ total: Int, _ allowed: Bool) {
        // {"K":"…"} is 8 bytes around the value.
        let check = EnvironmentSizeCheck(["K": String(repeating: "x", count: total - 8)])
        #expect(check.measuredBytes == total)
        #expect(check.isWithinLimit == allowed)
        #expect((check.problem(functionName: "Fn") == nil) == allowed)
    }

    @Test("the message names the function, the size, the limit and the largest variables")
    func message() throws {
        let check = EnvironmentSizeCheck([
            "BIG": String(repeating: "x", count: 4000), "MEDIUM": String(repeating: "y", count: 200), "S": "1",
        ])
        let message = try #require(check.problem(functionName: "HelloFunction"))
        #expect(message.hasPrefix("HelloFunction: its environment variables take \(check.measuredBytes) bytes"))
        #expect(message.contains("limit of 4096 bytes"))
        // Each variable's share is `"KEY":"value",`.
        #expect(message.contains("the largest are BIG (4009 bytes), MEDIUM (212 bytes), S (8 bytes)"))
        #expect(check.largest.first?.key == "BIG")
    }
}
