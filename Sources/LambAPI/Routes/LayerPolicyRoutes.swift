import Foundation
import Hummingbird
import LambCore

/// AddLayerVersionPermission, GetLayerVersionPolicy, RemoveLayerVersionPermission
/// (`/2018-10-31/layers/{name}/versions/{n}/policy`): a layer version's resource policy, built as Lambda builds it,
/// stored with the version and deleted with it. Not enforced: every function of this Lamb may use every layer.
extension LambdaAPI {
    func addLayerPolicyRoutes(to router: Router<BasicRequestContext>) {
        let base = "/2018-10-31/layers/:layer/versions/:version/policy"
        router.post(RouterPath(base)) { request, context in
            await AWSResponse.handling {
                struct Input: Decodable {
                    var StatementId: String?
                    var Action: String?
                    var Principal: String?
                    var OrganizationId: String?
                }
                let (name, version) = (try layerName(context), try versionNumber(context))
                let input = try RequestJSON.decode(Input.self, from: try await request.bodyData(limit: 64 * 1024))
                try RequestJSON.requireMembers(
                    [("statementId", input.StatementId), ("action", input.Action), ("principal", input.Principal)])
                let revisionId = request.uri.queryParameters.get("RevisionId").map { String($0) }
                let statement = try ResourcePolicyRules.layerStatement(
                    LayerPermissionRequest(
                        statementId: input.StatementId!, action: input.Action!, principal: input.Principal!,
                        organizationId: input.OrganizationId),
                    resource: layers.versionArn(name: name, version: version))
                let policy = try await layers.changePolicy(name: name, version: version) { current in
                    try ResourcePolicyRules.adding(statement, to: current, revisionId: revisionId, owner: .layerVersion)
                }
                struct Output: Encodable {
                    var Statement: String
                    var RevisionId: String
                }
                return try AWSResponse.json(
                    Output(Statement: statement.json, RevisionId: policy.revisionId), status: .created)
            }
        }
        router.get(RouterPath(base)) { _, context in
            await AWSResponse.handling {
                let (name, version) = (try layerName(context), try versionNumber(context))
                guard let policy = try await layers.policy(name: name, version: version) else {
                    throw LambError.notFound("No policy is associated with the given resource.")
                }
                return try AWSResponse.policy(policy)
            }
        }
        router.delete(RouterPath(base + "/:sid")) { request, context in
            await AWSResponse.handling {
                let (name, version) = (try layerName(context), try versionNumber(context))
                let sid = context.parameters.decoded("sid")
                let revisionId = request.uri.queryParameters.get("RevisionId").map { String($0) }
                _ = try await layers.changePolicy(name: name, version: version) { current in
                    try ResourcePolicyRules.removing(sid, from: current, revisionId: revisionId, owner: .layerVersion)
                }
                return AWSResponse.empty(status: .noContent)
            }
        }
    }
}
