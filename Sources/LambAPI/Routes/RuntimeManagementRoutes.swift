import Foundation
import Hummingbird
import LambCore

/// GetRuntimeManagementConfig, PutRuntimeManagementConfig (`/2021-07-20/functions/{name}/runtime-management-config`):
/// stored per version (`?Qualifier=`: `$LATEST` when absent, a version number, or an alias for its version) and
/// returned as Lambda returns it. Lamb has one runtime version per runtime, so the mode changes nothing it runs.
extension LambdaAPI {
    func addRuntimeManagementRoutes(to router: Router<BasicRequestContext>) {
        let path = "/2021-07-20/functions/:name/runtime-management-config"
        router.get(RouterPath(path)) { request, context in
            await AWSResponse.handling {
                let reference = try runtimeManagementReference(request, context)
                let (version, config) = try await registry.runtimeManagementConfig(reference)
                return try AWSResponse.json(RuntimeManagementJSON(config, arn: functionArn(reference, version)))
            }
        }
        router.put(RouterPath(path)) { request, context in
            await AWSResponse.handling {
                struct Input: Decodable {
                    var UpdateRuntimeOn: String?
                    var RuntimeVersionArn: String?
                }
                let reference = try runtimeManagementReference(request, context)
                let input = try RequestJSON.decode(Input.self, from: try await request.bodyData(limit: 64 * 1024))
                let config = try RuntimeManagementConfig.requested(
                    updateRuntimeOn: input.UpdateRuntimeOn, runtimeVersionArn: input.RuntimeVersionArn)
                let version = try await registry.putRuntimeManagementConfig(reference, config)
                return try AWSResponse.json(RuntimeManagementJSON(config, arn: functionArn(reference, version)))
            }
        }
    }

    private func runtimeManagementReference(_ request: Request, _ context: BasicRequestContext) throws
        -> FunctionReference
    {
        let qualifier = request.uri.queryParameters.get("Qualifier").map { String($0) }
        return try FunctionReference.parse(context.parameters.decoded("name"), qualifier: qualifier)
    }

    /// The version's ARN, qualified (`:$LATEST` too), as Lambda answers it for a version's settings.
    private func functionArn(_ reference: FunctionReference, _ version: String) -> String {
        registry.account.functionArn(reference.name, qualifier: version)
    }
}

/// The answer of GetRuntimeManagementConfig and PutRuntimeManagementConfig.
struct RuntimeManagementJSON: Encodable {
    var UpdateRuntimeOn: String
    var FunctionArn: String
    /// Only with `Manual`; left out otherwise, as Lambda answers `null`.
    var RuntimeVersionArn: String?

    init(_ config: RuntimeManagementConfig, arn: String) {
        UpdateRuntimeOn = config.updateRuntimeOn.rawValue
        FunctionArn = arn
        RuntimeVersionArn = config.runtimeVersionArn
    }
}
