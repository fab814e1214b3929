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
                let permission = PermissionRequest(
                    statementId: input.StatementId!, action: input.Action!, principal: input.Principal!,
                    sourceArn: input.SourceArn, sourceAccount: input.SourceAccount,
                    eventSourceToken: input.EventSourceToken, principalOrgID: input.PrincipalOrgID,
                    functionUrlAuthType: input.FunctionUrlAuthType, revisionId: input.RevisionId)
                let statement = try await registry.addPermission(permission, to: try policyTarget(context, request))
                struct Output: Encodable { var Statement: String }
                return try AWSResponse.json(Output(Statement: statement.json), status: .created)
            }
        }
        router.get(RouterPath(base)) { request, context in
            await AWSResponse.handling {
                let reference = try policyTarget(context, request)
                _ = try registry.policyResource(reference)
                guard let policy = try await registry.policy(of: reference) else {
                    throw LambError.notFound("The resource you requested does not exist.")
                }
                return try AWSResponse.policy(policy)
            }
        }
        router.delete(RouterPath(base + "/:sid")) { request, context in
            await AWSResponse.handling {
                let sid = context.parameters.decoded("sid")
                let revisionId = request.uri.queryParameters.get("RevisionId").map { String($0) }
                try await registry.removePermission(sid, from: try policyTarget(context, request), revisionId: revisionId)
                return AWSResponse.empty(status: .noContent)
            }
        }
    }

    /// The function and qualifier (from the name or `?Qualifier=`) a policy request names.
    private func policyTarget(_ context: BasicRequestContext, _ request: Request) throws -> FunctionReference {
        let qualifier = request.uri.queryParameters.get("Qualifier").map { String($0) }
        return try FunctionReference.parse(context.parameters.decoded("name"), qualifier: qualifier)
    }
}

extension AWSResponse {
    /// GetPolicy's and GetLayerVersionPolicy's answer: the document as JSON text, and its revision.
    static func policy(_ policy: ResourcePolicy) throws -> Response {
        struct Output: Encodable {
            var Policy: String
            var RevisionId: String
        }
        return try json(Output(Policy: policy.document, RevisionId: policy.revisionId))
    }
}
