import Foundation
import LambCore
import Testing

@testable import LambTemplates

@Suite("Property catalogue")
struct PropertyCatalogTests {
    @Test("each property, event type and resource type has one row")
    func unique() {
        let properties = PropertyCatalog.properties.map { "\($0.resourceType) \($0.property)" }
        #expect(Set(properties).count == properties.count)
        let events = PropertyCatalog.eventTypes.map(\.property)
        #expect(Set(events).count == events.count)
        let types = PropertyCatalog.resourceTypes.map(\.resourceType)
        #expect(Set(types).count == types.count)
        #expect(PropertyCatalog.properties.allSatisfy { !$0.detail.isEmpty })
    }

    @Test("both function types list the properties they share, with the same treatment")
    func sharedProperties() {
        let serverless = PropertyCatalog.properties.filter { $0.resourceType == "AWS::Serverless::Function" }
        for row in PropertyCatalog.properties where row.resourceType == "AWS::Lambda::Function" {
            if let twin = serverless.first(where: { $0.property == row.property }) {
                #expect(twin.level == row.level, "\(row.property)")
            }
        }
        #expect(PropertyCatalog.property("VpcConfig", of: "AWS::Lambda::Function")?.level == .ignored)
        #expect(PropertyCatalog.property("Policies", of: "AWS::Lambda::Function") == nil)
    }

    @Test("a level maps to the finding a template gets; handled and accepted ones get none")
    func treatments() {
        let expected: [PropertySupport.Level: TemplateFinding.Treatment?] = [
            .handled: nil, .accepted: nil, .approximated: .approximated, .ignored: .ignored, .notYet: .notYet,
            .skipped: .skipped,
        ]
        for level in PropertySupport.Level.allCases {
            let row = PropertySupport(resourceType: "T", property: "P", level: level, detail: "d")
            #expect(row.treatment == expected[level] ?? nil)
        }
    }

    @Test("types and events Lamb does not list are ignored, with a sentence naming them")
    func fallbacks() {
        #expect(
            PropertyCatalog.resourceType("AWS::SNS::Topic")
                == PropertySupport(
                    resourceType: "AWS::SNS::Topic", property: "", level: .ignored,
                    detail: "AWS::SNS::Topic is not emulated; Lamb does not create it"))
        #expect(PropertyCatalog.resourceType("AWS::Serverless::Api").level == .handled)
        #expect(PropertyCatalog.resourceType("AWS::Lambda::Url").level == .notYet)
        #expect(PropertyCatalog.event("Api").level == .handled)
        #expect(PropertyCatalog.event("Schedule").level == .handled)
        #expect(PropertyCatalog.event("SNS").level == .notYet)
        #expect(PropertyCatalog.event("Carrier").level == .ignored)
    }

    @Test("Rules and Hooks sections are reported")
    func unusedSections() throws {
        let stack = try TemporaryProject().load(
            """
            Rules:
              ProdOnly:
                Assertions: [{Assert: !Equals [a, a]}]
            Resources:
              T: {Type: AWS::SNS::Topic}
            """)
        #expect(stack.findings(of: "Template") == ["Rules: ignored"])
    }
}
