import Foundation
import Hummingbird
import LambCore
import LambStore

/// AddPermission, GetPolicy, RemovePermission (`/2015-03-31/functions/{name}/policy`): a function's, version's or
/// alias's resource-based policy, stored in SQLite and returned as Lambda builds it. Not enforced.
extension LambdaAPI {
    func addPolicyRoutes(to router: Router<BasicRequestContext>) {
        let base = "/2015-03-31/functions/:name/policy"
        router.post(RouterPath(base)) { request, context in
            await AWSResponse.handling {
                struct Input: Decodable {
                    var StatementId: String?
                    var Action: String?
                    var Principal: String?
                    var SourceArn: String?
                    var SourceAccount: String?
                    var EventSourceToken: String?
                    var PrincipalOrgID: String?
                    var FunctionUrlAuthType: String?
                    var RevisionId: String?
                }
                let input = try RequestJSON.decode(Input.self, from: try await request.bodyData(limit: 64 * 1024))
                try RequestJSON.requireMembers(
                    [("statementId", input.StatementId), ("action", input.Action), ("principal", input.Principal)])
                let (reference, resource) = try policyTarget(context, request)
                let permission = PermissionRequest(
                    statementId: input.StatementId!, action: input.Action!, principal: input.Principal!,
                    sourceArn: input.SourceArn, sourceAccount: input.SourceAccount,
                    eventSourceToken: input.EventSourceToken, principalOrgID: input.PrincipalOrgID,
                    functionUrlAuthType: input.FunctionUrlAuthType, revisionId: input.RevisionId)
                let statement = try ResourcePolicyRules.statement(permission, resource: resource)
                try await policyWrites.run {
                    let current = try await storedPolicy(reference) ?? ResourcePolicy()
                    let next = try ResourcePolicyRules.adding(statement, to: current, revisionId: input.RevisionId)
                    try await savePolicy(next, reference)
                }
                struct Output: Encodable { var Statement: String }
                return try AWSResponse.json(Output(Statement: statement.json), status: .created)
            }
        }
        router.get(RouterPath(base)) { request, context in
            await AWSResponse.handling {
                let (reference, _) = try policyTarget(context, request)
                guard let policy = try await storedPolicy(reference) else {
                    throw LambError.notFound("The resource you requested does not exist.")
                }
                struct Output: Encodable {
                    var Policy: String
                    var RevisionId: String
                }
                return try AWSResponse.json(Output(Policy: policy.document, RevisionId: policy.revisionId))
            }
        }
        router.delete(RouterPath(base + "/:sid")) { request, context in
            await AWSResponse.handling {
                let (reference, _) = try policyTarget(context, request)
                let sid = try context.parameters.decoded("sid")
                let revisionId = request.uri.queryParameters.get("RevisionId").map { String($0) }
                try await policyWrites.run {
                    guard let current = try await storedPolicy(reference) else {
                        throw LambError.notFound("No policy is associated with the given resource.")
                    }
                    try await savePolicy(
                        try ResourcePolicyRules.removing(sid, from: current, revisionId: revisionId), reference)
                }
                return AWSResponse.empty(status: .noContent)
            }
        }
    }

    /// The function (and qualifier, from the name or `?Qualifier=`), which must exist, and the ARN statements name.
    private func policyTarget(_ context: BasicRequestContext, _ request: Request) throws -> (FunctionReference, String) {
        let qualifier = request.uri.queryParameters.get("Qualifier").map { String($0) }
        let reference = try FunctionReference.parse(context.parameters.decoded("name"), qualifier: qualifier)
        guard (try? registry.definition(reference)) != nil else {
            throw LambError.functionNotFound(
                arn: registry.account.functionArn(reference.name, qualifier: reference.qualifier))
        }
        return (reference, registry.account.functionArn(reference.name, qualifier: reference.qualifier))
    }

    private func storedPolicy(_ reference: FunctionReference) async throws -> ResourcePolicy? {
        try await registry.database.resourcePolicy(function: reference.name, qualifier: reference.qualifier ?? "")
    }

    private func savePolicy(_ policy: ResourcePolicy, _ reference: FunctionReference) async throws {
        try await registry.database.saveResourcePolicy(
            policy, function: reference.name, qualifier: reference.qualifier ?? "")
    }
}
