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

@Suite("Layer version policies")
struct LayerPolicyTests {
    let arn = "arn:aws:lambda:us-east-1:000000000000:layer:shared:3"

    @Test("an account, everyone, or an organization: the statements Lambda builds")
    func statements() throws {
        let account = try ResourcePolicyRules.layerStatement(
            LayerPermissionRequest(statementId: "xaccount", action: "lambda:GetLayerVersion", principal: "210987654321"),
            resource: arn)
        #expect(
            account.json
                == #"{"Sid":"xaccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"lambda:GetLayerVersion","Resource":"\#(arn)"}"#
        )
        let root = try ResourcePolicyRules.layerStatement(
            LayerPermissionRequest(
                statementId: "r", action: "lambda:GetLayerVersion", principal: "arn:aws:iam::210987654321:root"),
            resource: arn)
        #expect(root.principalKey == "AWS" && root.principalValue == "arn:aws:iam::210987654321:root")
        let organization = try ResourcePolicyRules.layerStatement(
            LayerPermissionRequest(
                statementId: "org", action: "lambda:GetLayerVersion", principal: "*", organizationId: "o-abcdefghij"),
            resource: arn)
        #expect(
            organization.json
                == #"{"Sid":"org","Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":"\#(arn)","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij"}}}"#
        )
    }

    @Test(
        "bad ids, actions other than lambda:GetLayerVersion, principals, organizations are refused",
        arguments: [
            LayerPermissionRequest(statementId: "has space", action: "lambda:GetLayerVersion", principal: "*"),
            LayerPermissionRequest(statementId: "a:b", action: "lambda:GetLayerVersion", principal: "*"),
            LayerPermissionRequest(statementId: "s", action: "*", principal: "*"),
            LayerPermissionRequest(statementId: "s", action: "lambda:InvokeFunction", principal: "*"),
            LayerPermissionRequest(statementId: "s", action: "lambda:GetLayerVersion", principal: "s3.amazonaws.com"),
            LayerPermissionRequest(statementId: "s", action: "lambda:GetLayerVersion", principal: "1234"),
            LayerPermissionRequest(
                statementId: "s", action: "lambda:GetLayerVersion", principal: "*", organizationId: "org-1"),
            LayerPermissionRequest(
                statementId: "s", action: "lambda:GetLayerVersion", principal: "210987654321",
                organizationId: "o-abcdefghij"),
        ])
    func refusals(request: LayerPermissionRequest) {
        #expect(throws: LambError.self) { try ResourcePolicyRules.layerStatement(request, resource: arn) }
    }

    @Test("a refused revision names GetLayerPolicy; a taken id is Lambda's conflict")
    func wording() throws {
        let statement = try ResourcePolicyRules.layerStatement(
            LayerPermissionRequest(statementId: "s1", action: "lambda:GetLayerVersion", principal: "*"), resource: arn)
        let one = try ResourcePolicyRules.adding(statement, to: ResourcePolicy(), revisionId: nil, owner: .layerVersion)
        let stale = #expect(throws: LambError.self) {
            try ResourcePolicyRules.removing("s1", from: one, revisionId: "old", owner: .layerVersion)
        }
        #expect(stale?.code == .preconditionFailed)
        #expect(stale?.message.contains("Call the GetLayerPolicy API") == true)
        let taken = #expect(throws: LambError.self) {
            try ResourcePolicyRules.adding(statement, to: one, revisionId: nil, owner: .layerVersion)
        }
        #expect(
            taken?.message
                == "The statement id (s1) provided already exists. Please provide a new statement id, or remove the "
                + "existing statement.")
    }
}
