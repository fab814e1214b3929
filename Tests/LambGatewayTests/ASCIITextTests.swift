import Foundation
import Testing

@testable import LambGateway

/// The per-request text shortcuts give exactly what the general operations they replace give.
@Suite("ASCIIText")
struct ASCIITextTests {
    static let texts = [
        "", " ", "\t", "a", "A", "Content-Type", "content-type", "CONTENT-TYPE", "x-amzn-RequestId", " text/html ",
        "\ttext/plain; charset=utf-8", ";text/html", ";;", "a;b;c", "a;;b", ".abc.def", "abc.def.ghi", "...", "é",
        "Caf\u{E9}", "\u{212A}", "k", "K", "İ", "a\u{301};b", "\u{A0}x\u{A0}", "\u{3000}y", "mixed Café ;x",
    ]

    @Test("same is lowercased equality", arguments: texts)
    func same(_ a: String) {
        for b in Self.texts { #expect(ASCIIText.same(a, b) == (a.lowercased() == b.lowercased()), "\(a) \(b)") }
    }

    @Test("lowercased, trimming and first pieces are the general ones", arguments: texts)
    func operations(_ text: String) {
        #expect(ASCIIText.lowercased(text) == text.lowercased())
        #expect(ASCIIText.trimmingWhitespace(Substring(text)) == text.trimmingCharacters(in: .whitespaces))
        for separator: Character in [";", "."] {
            #expect(
                ASCIIText.firstPiece(of: text, separatedBy: separator.asciiValue!)
                    == text.split(separator: separator, maxSplits: 1).first)
        }
    }

    @Test("a request target splits at its first question mark")
    func target() {
        for (target, path, query) in [
            ("/a?b=1?c", "/a", "b=1?c"), ("/a", "/a", ""), ("/?", "/", ""), ("?x", "", "x"),
            ("/caf\u{E9}?q", "/caf\u{E9}", "q"),
        ] {
            let request = GatewayRequest(
                method: "GET", target: target, timeEpochMilliseconds: 0, requestId: "r", domainName: "d", accountId: "1"
            )
            #expect(request.rawPath == path && request.rawQueryString == query, "\(target)")
        }
    }
}
