import Foundation
import LambWorkspace
import Testing

@Suite("Dotenv files")
struct DotEnvFileTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var expected: [String: String]
        var testDescription: String { text.debugDescription }
    }

    static let cases: [Case] = [
        Case(text: "A=1\nB=two", expected: ["A": "1", "B": "two"]),
        Case(text: "export A=1\n  export\tB = 2  \n", expected: ["A": "1", "B": "2"]),
        Case(text: "# comment\n\n   # indented comment\nA=1\n", expected: ["A": "1"]),
        Case(
            text: "A=value # a comment\nB=a#b\nC=#notcomment", expected: ["A": "value", "B": "a#b", "C": "#notcomment"]),
        Case(text: "A= # only a comment\nB=", expected: ["A": "", "B": ""]),
        Case(text: "A='single # kept $HOME \\n'", expected: ["A": "single # kept $HOME \\n"]),
        Case(text: #"A="line1\nline2\t\"q\" \\ \$X""#, expected: ["A": "line1\nline2\t\"q\" \\ $X"]),
        Case(text: #"A="keep \d""#, expected: ["A": "keep \\d"]),
        Case(text: "A=\"multi\nline\"\nB=after", expected: ["A": "multi\nline", "B": "after"]),
        Case(text: "A='x' # comment after quotes", expected: ["A": "x"]),
        Case(text: "A=1\r\nB=2\r\n", expected: ["A": "1", "B": "2"]),
        Case(text: "A=1\nA=2", expected: ["A": "2"]),
        Case(
            text: "HOST=db\nURL=postgres://${HOST}:5432\nQ=\"${HOST}\"\nS='${HOST}'",
            expected: ["HOST": "db", "URL": "postgres://db:5432", "Q": "db", "S": "${HOST}"]),
        Case(text: "A=${MISSING}-${MISSING:-fallback}-$PLAIN", expected: ["A": "-fallback-$PLAIN"]),
        Case(text: "A=${OUTER}", expected: ["A": "from the caller"]),
        Case(text: "export=1", expected: ["export": "1"]),
        Case(text: "", expected: [:]),
    ]

    @Test("values parse as docker compose and python-dotenv read them", arguments: cases)
    func parses(_ c: Case) throws {
        let file = try DotEnvFile.parse(c.text, path: ".env", outer: ["OUTER": "from the caller"])
        #expect(file.variables == c.expected)
    }

    @Test("keys keep the order the file first sets them in")
    func order() throws {
        let file = try DotEnvFile.parse("B=1\nA=2\nB=3", path: ".env")
        #expect(file.keys == ["B", "A"])
    }

    @Test(
        "mistakes name the file and the line",
        arguments: [
            ("A=1\nnot a line", 2, "expected '=' after not"),
            ("A=1\n\n1X=2", 3, "expected a variable name (letters, digits and _, not starting with a digit)"),
            ("A=1\nB=\"open\nstill open", 2, "unterminated double-quoted value"),
            ("C='x", 1, "unterminated single-quoted value"),
            ("A=\"x\" y", 1, "unexpected text after the closing quote"),
            ("\n\nexport B", 3, "expected '=' after B"),
        ])
    func errors(_ text: String, _ line: Int, _ message: String) {
        let error = #expect(throws: EnvironmentFileError.self) { try DotEnvFile.parse(text, path: "/p/.env") }
        #expect(error == EnvironmentFileError(path: "/p/.env", line: line, message: message))
        #expect(error?.description == "/p/.env:\(line): \(message)")
    }

    @Test("a file that cannot be read is an error naming it")
    func unreadable() throws {
        let dir = try ScratchDirectory("dotenv")
        let error = #expect(throws: EnvironmentFileError.self) { try DotEnvFile.load(contentsOf: dir.at(".env")) }
        #expect(error?.path == dir.at(".env").path)
        try dir.write(".env", "A=loaded\n")
        #expect(try DotEnvFile.load(contentsOf: dir.at(".env")).variables == ["A": "loaded"])
    }
}
