import Foundation
import LambCore
import Testing

@testable import LambTemplates

@Suite("SAM Globals")
struct GlobalsTests {
    func map(_ pairs: (String, TemplateValue)...) -> TemplateValue {
        .map(pairs.map { TemplateEntry(key: $0.0, value: $0.1) })
    }

    static let rules: [(String, TemplateValue, TemplateValue, TemplateValue)] = [
        ("a scalar is replaced", .string("global"), .string("local"), .string("local")),
        (
            "lists are concatenated, globals first", .list([.string("g")]), .list([.string("l")]),
            .list([.string("g"), .string("l")])
        ),
        ("different shapes: the resource's own wins", .list([.string("g")]), .string("l"), .string("l")),
        (
            "an intrinsic counts as one value",
            .map([TemplateEntry(key: "Ref", value: .string("A"))]),
            .map([TemplateEntry(key: "X", value: .string("l"))]),
            .map([TemplateEntry(key: "X", value: .string("l"))])
        ),
    ]

    @Test("SAM's merge rules", arguments: rules)
    func rule(name: String, global: TemplateValue, local: TemplateValue, merged: TemplateValue) {
        #expect(GlobalsMerger.merge(global: global, local: local) == merged, "\(name)")
    }

    @Test("maps merge key by key, recursively, the resource's own value winning")
    func maps() {
        let global = map(("Variables", map(("A", .string("g")), ("B", .string("g")))), ("Other", .string("g")))
        let local = map(("Variables", map(("B", .string("l")), ("C", .string("l")))))
        #expect(
            GlobalsMerger.merge(global: global, local: local)
                == map(
                    ("Variables", map(("A", .string("g")), ("B", .string("l")), ("C", .string("l")))),
                    ("Other", .string("g"))))
    }

    @Test("Globals.Function reaches every serverless function: env vars merge, layers concatenate, the function wins")
    func loaded() throws {
        let project = try TemporaryProject()
        try project.directory("src")
        try project.directory("other")
        let stack = try project.load(
            """
            Transform: [AWS::Serverless-2016-10-31]
            Globals:
              Function:
                CodeUri: src
                Runtime: python3.12
                Handler: app.handler
                Timeout: 10
                MemorySize: 256
                Layers: [arn:aws:lambda:eu-west-1:123456789012:layer:shared:3]
                Environment:
                  Variables: {TABLE: t, STAGE: dev}
                Tags: {team: a}
              Api:
                Cors: "'*'"
              SimpleTable:
                SSESpecification: {SSEEnabled: true}
            Resources:
              First:
                Type: AWS::Serverless::Function
              Second:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: other
                  Timeout: 30
                  Layers: [arn:aws:lambda:eu-west-1:123456789012:layer:own:1]
                  Environment:
                    Variables: {STAGE: prod, EXTRA: "1"}
                  Tags: {team: b, cost: c}
              Plain:
                Type: AWS::Lambda::Function
                Properties:
                  Code: {ZipFile: "x"}
                  Handler: index.handler
                  Runtime: nodejs20.x
                  Role: arn:aws:iam::123456789012:role/r
            """)
        let first = try #require(stack.function("First"))
        let second = try #require(stack.function("Second"))
        #expect(first.code == .directory(project.root.appendingPathComponent("src").standardizedFileURL.path))
        #expect(first.settings.timeout == 10)
        #expect(first.settings.environment == ["TABLE": "t", "STAGE": "dev"])
        #expect(second.code == .directory(project.root.appendingPathComponent("other").standardizedFileURL.path))
        #expect(second.settings.timeout == 30)
        #expect(second.settings.memorySize == 256)
        #expect(second.settings.environment == ["TABLE": "t", "STAGE": "prod", "EXTRA": "1"])
        #expect(
            second.settings.layers == [
                "arn:aws:lambda:eu-west-1:123456789012:layer:shared:3",
                "arn:aws:lambda:eu-west-1:123456789012:layer:own:1",
            ])
        #expect(second.tags == ["team": "b", "cost": "c", "lambda:createdBy": "SAM"])
        let plain = try #require(stack.function("Plain"))
        #expect(plain.settings.timeout == nil)
        #expect(plain.settings.environment == nil)
        #expect(stack.findings(of: "Globals") == ["SimpleTable: ignored"])
        // Globals.Api configures the APIs, implicit ones included (none here: no Api events).
        #expect(stack.apis.isEmpty)
    }
}
