import Foundation
import Hummingbird
import LambCore

/// Create/Get/Update/Delete/ListFunctionUrlConfig(s) (`/2021-10-31`): a function's HTTP endpoints. The URL points at
/// the gateway port on a `*.localhost` host name of Lambda's shape; `InvokeMode` is stored, and the gateway answers
/// buffered until response streaming is built.
extension LambdaAPI {
    func addFunctionURLRoutes(to router: Router<BasicRequestContext>) {
        let path = "/2021-10-31/functions/:name/url"
        router.post(RouterPath(path)) { request, context in
            await AWSResponse.handling {
                let (name, qualifier) = try functionURLTarget(request, context)
                let change = try await functionURLChange(request)
                let target = try await registry.createFunctionURL(function: name, qualifier: qualifier, change: change)
                return try AWSResponse.json(functionURLJSON(target, includeLastModified: false), status: .created)
            }
        }
        router.get(RouterPath(path)) { request, context in
            await AWSResponse.handling {
                let (name, qualifier) = try functionURLTarget(request, context)
                guard registry.function(named: name) != nil,
                    let target = registry.functionURL(function: name, qualifier: qualifier)
                else { throw FunctionRegistry.noFunctionURL }
                return try AWSResponse.json(functionURLJSON(target))
            }
        }
        router.put(RouterPath(path)) { request, context in
            await AWSResponse.handling {
                let (name, qualifier) = try functionURLTarget(request, context)
                let change = try await functionURLChange(request)
                let target = try await registry.updateFunctionURL(function: name, qualifier: qualifier, change: change)
                return try AWSResponse.json(functionURLJSON(target))
            }
        }
        router.delete(RouterPath(path)) { request, context in
            await AWSResponse.handling {
                let (name, qualifier) = try functionURLTarget(request, context)
                try await registry.deleteFunctionURL(function: name, qualifier: qualifier)
                return AWSResponse.empty(status: .noContent)
            }
        }
        router.get(RouterPath(path + "s")) { request, context in
            await AWSResponse.handling { try listFunctionURLs(request, context) }
        }
    }

    private func listFunctionURLs(_ request: Request, _ context: BasicRequestContext) throws -> Response {
        let name = try FunctionReference.parse(context.parameters.decoded("name"), allowQualifier: false).name
        guard registry.function(named: name) != nil else { throw LambError.notFound("Function does not exist") }
        let all = registry.functionURLs(of: name)
        let paged = try QualifierPage(all, qualifier: \.qualifier, request: request)
        let page = paged.items
        let next = paged.nextMarker
        return try AWSResponse.json(
            FunctionURLListJSON(FunctionUrlConfigs: page.map { functionURLJSON($0) }, NextMarker: next))
    }

    /// The function and qualifier a request is about: no qualifier means `$LATEST`; given, it must be an alias name.
    private func functionURLTarget(_ request: Request, _ context: BasicRequestContext) throws
        -> (name: String, qualifier: String)
    {
        let explicit = request.uri.queryParameters.get("Qualifier").map { String($0) }
        try FunctionURLRules.validateQualifier(explicit)
        let reference = try FunctionReference.parse(context.parameters.decoded("name"), qualifier: explicit)
        // A qualifier inside the function name (`name:alias`, an alias ARN) obeys the same rule.
        try FunctionURLRules.validateQualifier(reference.qualifier)
        return (reference.name, reference.qualifier ?? FunctionDefinition.latest)
    }

    private func functionURLChange(_ request: Request) async throws -> FunctionURLChange {
        try RequestJSON.decode(FunctionURLRequestJSON.self, from: try await request.bodyData(limit: 64 * 1024)).change
    }

    private func functionURLJSON(_ target: FunctionURLTarget, includeLastModified: Bool = true) -> FunctionURLConfigJSON
    {
        FunctionURLConfigJSON(
            target.config,
            url: FunctionURLRules.url(urlId: target.config.urlId, region: registry.account.region, port: gateway.currentPort),
            functionArn: registry.urlFunctionArn(target.function, target.qualifier),
            includeLastModified: includeLastModified)
    }
}
