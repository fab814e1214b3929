import Foundation
import LambCore
import Testing

@testable import LambTemplates

@Suite("Template parser")
struct TemplateParserTests {
    let parser = TemplateParser(file: "template.yaml")

    func value(_ yaml: String) throws -> TemplateValue? {
        try parser.parse("Value: \(yaml)\n")["Value"]
    }

    static let shortForms: [(String, String, TemplateValue)] = [
        ("!Ref Bucket", "Ref", .string("Bucket")),
        ("!Condition IsProd", "Condition", .string("IsProd")),
        ("!GetAtt Table.Arn", "Fn::GetAtt", .list([.string("Table"), .string("Arn")])),
        ("!GetAtt Db.Endpoint.Address", "Fn::GetAtt", .list([.string("Db"), .string("Endpoint.Address")])),
        ("!GetAtt [Table, StreamArn]", "Fn::GetAtt", .list([.string("Table"), .string("StreamArn")])),
        ("!Sub '${AWS::Region}-x'", "Fn::Sub", .string("${AWS::Region}-x")),
        ("!Join ['-', [a, b]]", "Fn::Join", .list([.string("-"), .list([.string("a"), .string("b")])])),
        ("!If [C, 1, 2]", "Fn::If", .list([.string("C"), .number("1"), .number("2")])),
        ("!Select [0, [a]]", "Fn::Select", .list([.number("0"), .list([.string("a")])])),
        ("!Split [',', 'a,b']", "Fn::Split", .list([.string(","), .string("a,b")])),
        ("!FindInMap [M, K, V]", "Fn::FindInMap", .list([.string("M"), .string("K"), .string("V")])),
        ("!Equals [a, b]", "Fn::Equals", .list([.string("a"), .string("b")])),
        ("!Not [x]", "Fn::Not", .list([.string("x")])),
        ("!And [x, y]", "Fn::And", .list([.string("x"), .string("y")])),
        ("!Or [x, y]", "Fn::Or", .list([.string("x"), .string("y")])),
        ("!Base64 text", "Fn::Base64", .string("text")),
        ("!ImportValue Shared", "Fn::ImportValue", .string("Shared")),
        ("!GetAZs ''", "Fn::GetAZs", .string("")),
        ("!Cidr ['10.0.0.0/16', 2, 8]", "Fn::Cidr", .list([.string("10.0.0.0/16"), .number("2"), .number("8")])),
        ("!Length [a, b]", "Fn::Length", .list([.string("a"), .string("b")])),
        ("!ToJsonString {a: b}", "Fn::ToJsonString", .map([TemplateEntry(key: "a", value: .string("b"), line: 1)])),
        ("!Transform {Name: M}", "Fn::Transform", .map([TemplateEntry(key: "Name", value: .string("M"), line: 1)])),
    ]

    @Test("each short-form tag becomes its long form", arguments: shortForms)
    func shortForm(yaml: String, key: String, argument: TemplateValue) throws {
        guard case .map(let entries) = try value(yaml) else {
            Issue.record("not a map")
            return
        }
        #expect(entries.map(\.key) == [key])
        #expect(entries.first?.value == argument)
    }

    @Test("a short form and its long form parse to the same value (lines aside)")
    func longFormEquivalence() throws {
        let short = try parser.parse("A: !Sub ['${X}', {X: !Ref Y}]\n")
        let long = try parser.parse("{\"A\": {\"Fn::Sub\": [\"${X}\", {\"X\": {\"Ref\": \"Y\"}}]}}\n")
        #expect(short.withoutLines == long.withoutLines)
    }

    static let scalars: [(String, TemplateValue)] = [
        ("true", .bool(true)), ("False", .bool(false)), ("128", .number("128")), ("-1.5", .number("-1.5")),
        ("1e3", .number("1e3")), ("0x1F", .number("0x1F")), ("012345678901", .number("012345678901")),
        ("~", .null), ("null", .null), ("''", .string("")), ("'128'", .string("128")), ("\"true\"", .string("true")),
        ("yes", .string("yes")), ("off", .string("off")), ("2012-10-17", .string("2012-10-17")),
        ("python3.12", .string("python3.12")), ("1.2.3", .string("1.2.3")), ("!!str 42", .string("42")),
        ("!!int '7'", .number("7")), (".inf", .string(".inf")),
    ]

    @Test("plain scalars get YAML 1.1's types; quoted and explicitly tagged ones keep theirs", arguments: scalars)
    func scalar(yaml: String, expected: TemplateValue) throws {
        #expect(try value(yaml) == expected)
    }

    @Test("a map entry keeps the line of its key")
    func lines() throws {
        let root = try parser.parse("A: 1\nB:\n  C: 2\n  D: !Ref X\n")
        guard case .map(let top) = root, case .map(let inner) = top[1].value else {
            Issue.record("not maps")
            return
        }
        #expect(top.map(\.line) == [1, 2])
        #expect(inner.map(\.line) == [3, 4])
    }

    @Test("malformed YAML names the file and the line")
    func malformed() {
        #expect {
            try parser.parse("Resources:\n  A:\n    Type: x\n  - b\n")
        } throws: { error in
            let error = error as? TemplateError
            return error?.file == "template.yaml" && error?.line == 4
                && error?.description.hasPrefix("template.yaml:4: malformed YAML") == true
        }
    }

    @Test("an unknown tag is an error on its line")
    func unknownTag() {
        #expect(throws: TemplateError(file: "template.yaml", line: 2, message: "unknown tag !Reff")) {
            try parser.parse("A: 1\nB: !Reff X\n")
        }
    }

    @Test("a key written twice in one map is an error")
    func duplicateKey() {
        #expect {
            try parser.parse("A: 1\nA: 2\n")
        } throws: { error in
            (error as? TemplateError)?.message.contains("duplicate key A") == true
        }
    }

    @Test("JSON indented with tabs parses, with line numbers")
    func jsonWithTabs() throws {
        let root = try parser.parse("{\n\t\"A\": {\n\t\t\"B\": [1, \"two\", true, null]\n\t}\n}\n")
        #expect(root["A"]?["B"] == .list([.number("1"), .string("two"), .bool(true), .null]))
        guard case .map(let entries) = root else { return }
        #expect(entries.first?.line == 2)
    }

    @Test("YAML anchors, aliases and merge keys are applied, the map's own keys winning")
    func anchors() throws {
        let root = try parser.parse("Base: &base {A: 1, B: 2}\nCopy: *base\nMerged:\n  <<: *base\n  B: 3\n")
        #expect(root["Copy"]?["A"] == .number("1"))
        #expect(root["Merged"]?["A"] == .number("1"))
        #expect(root["Merged"]?["B"] == .number("3"))
    }

    @Test("an empty document is an error")
    func empty() {
        #expect(throws: TemplateError(file: "template.yaml", message: "the template is empty")) {
            try parser.parse("")
        }
    }
}

extension TemplateValue {
    /// The value with every line number removed, to compare values parsed from different texts.
    var withoutLines: TemplateValue {
        switch self {
        case .list(let items): .list(items.map(\.withoutLines))
        case .map(let entries): .map(entries.map { TemplateEntry(key: $0.key, value: $0.value.withoutLines) })
        default: self
        }
    }
}
