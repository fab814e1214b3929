import Foundation
import Hummingbird
import LambCore
import Logging

/// Put/Get/Delete/ListProvisionedConcurrencyConfig(s) (`/2019-09-30/functions/{name}/provisioned-concurrency`;
/// the list is the same path with `?List=ALL`).
extension LambdaAPI {
    func addProvisionedConcurrencyRoutes(to router: Router<BasicRequestContext>) {
        let path = "/2019-09-30/functions/:name/provisioned-concurrency"
        router.put(RouterPath(path)) { request, context in
            await AWSResponse.handling {
                let (function, qualifier) = try provisionedTarget(request, context)
                let body = try RequestJSON.decode(
                    ProvisionedConcurrencyRequestJSON.self, from: try await request.bodyData(limit: 64 * 1024))
                let config = try await registry.putProvisionedConcurrency(
                    function: function, qualifier: qualifier, requested: body.ProvisionedConcurrentExecutions)
                context.logger.info(
                    "provisioned concurrency set",
                    metadata: [
                        "function.name": "\(function)", "qualifier": "\(qualifier)", "value": "\(config.requested)",
                    ])
                return try AWSResponse.json(ProvisionedConcurrencyJSON(config), status: .accepted)
            }
        }
        router.get(RouterPath(path)) { request, context in
            await AWSResponse.handling {
                if request.uri.queryParameters.get("List") != nil { return try listProvisioned(request, context) }
                let (function, qualifier) = try provisionedTarget(request, context)
                return try AWSResponse.json(
                    ProvisionedConcurrencyJSON(try registry.provisionedConcurrency(function, qualifier: qualifier)))
            }
        }
        router.delete(RouterPath(path)) { request, context in
            await AWSResponse.handling {
                let (function, qualifier) = try provisionedTarget(request, context)
                try await registry.deleteProvisionedConcurrency(function: function, qualifier: qualifier)
                return AWSResponse.empty(status: .noContent)
            }
        }
    }

    private func listProvisioned(_ request: Request, _ context: BasicRequestContext) throws -> Response {
        struct Output: Encodable {
            var ProvisionedConcurrencyConfigs: [ProvisionedConcurrencyJSON]
            var NextMarker: String?
        }
        let function = try FunctionReference.parse(context.parameters.decoded("name"), allowQualifier: false).name
        _ = try registry.require(function)
        let all = registry.versions(of: function).provisioned.sorted { $0.key < $1.key }
        let page = try ListPage(all, key: \.key, query: request)
        return try AWSResponse.json(
            Output(
                ProvisionedConcurrencyConfigs: page.items.map {
                    ProvisionedConcurrencyJSON(
                        $0.value, functionArn: registry.account.functionArn(function, qualifier: $0.key))
                },
                NextMarker: page.nextMarker))
    }

    /// The function and the required qualifier (from `?Qualifier=` or the name).
    private func provisionedTarget(_ request: Request, _ context: BasicRequestContext) throws
        -> (function: String, qualifier: String)
    {
        let reference = try FunctionReference.parse(
            context.parameters.decoded("name"),
            qualifier: request.uri.queryParameters.get("Qualifier").map { String($0) })
        guard let qualifier = reference.qualifier else {
            throw LambError.invalidParameter(
                "Qualifier is required: provisioned concurrency applies to a version or an alias.")
        }
        return (reference.name, qualifier)
    }
}
