import LambGateway
import Testing

@testable import LambGatewayAuth

@Suite("PolicyDocument")
struct PolicyDocumentTests {
    static let arn = "arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/GET/request/42"

    typealias Case = (statements: [(String, String)], expected: PolicyDocument.Evaluation)

    static let cases: [Case] = [
        ([("Allow", arn)], .allowed),
        ([("Allow", "arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/*/GET/*")], .allowed),
        ([("Allow", "arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/*")], .allowed),
        ([("Allow", "*")], .allowed),
        ([("Allow", "arn:aws:execute-api:*:*:s4x3opwd6i/test/*/request/??")], .allowed),
        // A policy written for another method or path does not cover this one.
        ([("Allow", "arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/POST/request/42")], .notAllowed),
        ([("Allow", "arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/GET/request")], .notAllowed),
        ([("Allow", "arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/GET/request/4")], .notAllowed),
        ([], .notAllowed),
        // An explicit deny wins over any allow, in any order.
        ([("Allow", "*"), ("Deny", arn)], .explicitlyDenied),
        ([("Deny", "arn:aws:execute-api:*:*:*/*/GET/*"), ("Allow", arn)], .explicitlyDenied),
        ([("Deny", "arn:aws:execute-api:*:*:*/*/POST/*"), ("Allow", arn)], .allowed),
    ]

    @Test("statements are evaluated as IAM does", arguments: cases.indices)
    func evaluation(index: Int) throws {
        let (statements, expected) = Self.cases[index]
        let bytes = AuthFixtures.policy(statements)
        let response = try #require(AuthorizerResponse.parse(bytes, simpleResponses: false, scalarContextOnly: true))
        guard case .policy(_, let policy, _) = response else {
            Issue.record("not a policy")
            return
        }
        #expect(policy.evaluate(arn: Self.arn) == expected)
    }

    @Test("actions match execute-api:Invoke with wildcards, case-insensitively; others are ignored")
    func actions() throws {
        func evaluate(_ action: String) throws -> PolicyDocument.Evaluation {
            let json = GatewayJSON.parse(
                Array(#"{"Statement":[{"Effect":"Allow","Action":\#(action),"Resource":"*"}]}"#.utf8))!
            return try #require(PolicyDocument(json: json)).evaluate(arn: Self.arn)
        }
        #expect(try evaluate(#""execute-api:Invoke""#) == .allowed)
        #expect(try evaluate(#""execute-api:*""#) == .allowed)
        #expect(try evaluate(#""*""#) == .allowed)
        #expect(try evaluate(#"["s3:GetObject","EXECUTE-API:invoke"]"#) == .allowed)
        #expect(try evaluate(#""execute-api:ManageConnections""#) == .notAllowed)
    }

    @Test("a single statement object and lists of resources are accepted")
    func shapes() throws {
        let json = GatewayJSON.parse(
            Array(
                #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":["arn:x","\#(Self.arn)"]}}"#
                    .utf8))!
        #expect(try #require(PolicyDocument(json: json)).evaluate(arn: Self.arn) == .allowed)
    }

    @Test(
        "malformed policies are refused",
        arguments: [
            #"{}"#,
            #"{"Statement":"Allow"}"#,
            #"{"Statement":[{"Effect":"allow","Action":"execute-api:Invoke","Resource":"*"}]}"#,
            #"{"Statement":[{"Effect":"Allow","Resource":"*"}]}"#,
            #"{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":5}]}"#,
        ])
    func malformed(text: String) {
        #expect(PolicyDocument(json: GatewayJSON.parse(Array(text.utf8))!) == nil)
    }

    @Test("wildcards: star spans separators, question mark is one character")
    func wildcard() {
        #expect(Wildcard.matches(pattern: "a*c", text: "ab/:bc"))
        #expect(Wildcard.matches(pattern: "*", text: ""))
        #expect(Wildcard.matches(pattern: "a?c", text: "abc"))
        #expect(!Wildcard.matches(pattern: "a?c", text: "ac"))
        #expect(!Wildcard.matches(pattern: "a*d", text: "abc"))
        #expect(Wildcard.matches(pattern: "**a**b", text: "xxaxxb"))
    }
}
