import LambCore
import Testing

@Suite("Resource policies")
struct ResourcePolicyTests {
    let arn = "arn:aws:lambda:us-east-1:000000000000:function:f"

    @Test("principals become IAM's shapes; conditions group by operator")
    func statements() throws {
        let service = try ResourcePolicyRules.statement(
            PermissionRequest(
                statementId: "s", action: "lambda:InvokeFunction", principal: "events.amazonaws.com",
                sourceArn: "arn:aws:events:us-east-1:1:rule/r", sourceAccount: "123456789012"),
            resource: arn)
        #expect(
            service.json
                == #"{"Sid":"s","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"\#(arn)","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:events:us-east-1:1:rule/r"},"StringEquals":{"AWS:SourceAccount":"123456789012"}}}"#
        )
        let account = try ResourcePolicyRules.statement(
            PermissionRequest(statementId: "a", action: "lambda:*", principal: "111122223333"), resource: arn)
        #expect(account.principalKey == "AWS" && account.principalValue == "arn:aws:iam::111122223333:root")
        let anyone = try ResourcePolicyRules.statement(
            PermissionRequest(statementId: "u", action: "*", principal: "*"), resource: arn)
        #expect(anyone.principalKey == nil && anyone.json.contains(#""Principal":"*""#))
    }

    @Test("bad ids, actions, principals and URL auth types are Lambda's validation errors")
    func refusals() {
        for request in [
            PermissionRequest(statementId: "has space", action: "lambda:*", principal: "*"),
            PermissionRequest(statementId: "ok", action: "s3:GetObject", principal: "*"),
            PermissionRequest(statementId: "ok", action: "lambda:*", principal: "nobody"),
            PermissionRequest(statementId: "ok", action: "lambda:*", principal: "*", functionUrlAuthType: "OPEN"),
        ] {
            #expect(throws: LambError.self) { try ResourcePolicyRules.statement(request, resource: arn) }
        }
    }

    @Test("adding a taken id, removing an unknown one, or naming an old revision is refused; changes renew the revision")
    func changes() throws {
        let statement = try ResourcePolicyRules.statement(
            PermissionRequest(statementId: "s", action: "lambda:*", principal: "*"), resource: arn)
        let empty = ResourcePolicy()
        let one = try ResourcePolicyRules.adding(statement, to: empty, revisionId: empty.revisionId)
        #expect(one.statements.count == 1 && one.revisionId != empty.revisionId)
        #expect(throws: LambError.self) { try ResourcePolicyRules.adding(statement, to: one, revisionId: nil) }
        #expect(throws: LambError.self) { try ResourcePolicyRules.removing("s", from: one, revisionId: "old") }
        #expect(throws: LambError.self) { try ResourcePolicyRules.removing("nope", from: one, revisionId: nil) }
        let none = try ResourcePolicyRules.removing("s", from: one, revisionId: one.revisionId)
        #expect(none.statements.isEmpty)
        #expect(one.document.hasPrefix(#"{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"s""#))
    }
}
