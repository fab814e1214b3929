import Foundation
import Hummingbird
import LambCore
import LambStore

/// Put/Update/Get/Delete/ListFunctionEventInvokeConfigs (`/2019-09-25`): how a function's asynchronous invocations
/// are retried and where their records go. Put replaces the whole config; Update (POST) changes what it names.
extension LambdaAPI {
    func addEventInvokeConfigRoutes(to router: Router<BasicRequestContext>) {
        let path = "/2019-09-25/functions/:name/event-invoke-config"
        router.put(RouterPath(path)) { request, context in
            await AWSResponse.handling {
                let (name, qualifier) = try eventInvokeTarget(request, context, mustExist: true)
                let patch = try await configPatch(request)
                let config = try EventInvokeConfig.replacing(with: patch, rules: rules(for: name), now: Date())
                try await registry.putEventInvokeConfig(function: name, qualifier: qualifier, config)
                return try configResponse(config, name, qualifier)
            }
        }
        router.post(RouterPath(path)) { request, context in
            await AWSResponse.handling {
                let (name, qualifier) = try eventInvokeTarget(request, context, mustExist: true)
                let patch = try await configPatch(request)
                let rules = rules(for: name)
                // Checked before the transaction too, so an empty update is refused even without a config.
                try rules.validate(patch)
                let updated = try await registry.updateEventInvokeConfig(function: name, qualifier: qualifier) {
                    try $0.merging(patch, rules: rules, now: Date())
                }
                guard let updated else { throw noConfig(name, qualifier) }
                return try configResponse(updated, name, qualifier)
            }
        }
        router.get(RouterPath(path)) { request, context in
            await AWSResponse.handling {
                let (name, qualifier) = try eventInvokeTarget(request, context, mustExist: false)
                guard let config = try await registry.eventInvokeConfig(function: name, qualifier: qualifier) else {
                    throw noConfig(name, qualifier)
                }
                return try configResponse(config, name, qualifier)
            }
        }
        router.delete(RouterPath(path)) { request, context in
            await AWSResponse.handling {
                let (name, qualifier) = try eventInvokeTarget(request, context, mustExist: false)
                guard try await registry.deleteEventInvokeConfig(function: name, qualifier: qualifier) else {
                    throw noConfig(name, qualifier)
                }
                return AWSResponse.empty(status: .noContent)
            }
        }
        router.get(RouterPath(path + "/list")) { request, context in
            await AWSResponse.handling { try await listConfigs(request, context) }
        }
    }

    private func listConfigs(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let name = try FunctionReference.parse(context.parameters.decoded("name"), allowQualifier: false).name
        let all = try await registry.eventInvokeConfigs(function: name)
        let paged = try QualifierPage(all, qualifier: \.qualifier, request: request)
        let page = paged.items
        let next = paged.nextMarker
        return try AWSResponse.json(
            EventInvokeConfigListJSON(
                FunctionEventInvokeConfigs: page.map {
                    EventInvokeConfigJSON(
                        $0.config, functionArn: registry.account.functionArn(name, qualifier: $0.qualifier))
                },
                NextMarker: next))
    }

    /// The function and qualifier a request is about; no qualifier means `$LATEST`.
    private func eventInvokeTarget(_ request: Request, _ context: BasicRequestContext, mustExist: Bool) throws
        -> (name: String, qualifier: String)
    {
        let reference = try FunctionReference.parse(
            context.parameters.decoded("name"),
            qualifier: request.uri.queryParameters.get("Qualifier").map { String($0) })
        let qualifier = reference.qualifier ?? FunctionDefinition.latest
        if mustExist && (try? registry.definition(reference)) == nil {
            throw LambError.notFound("The function doesn't exist.")
        }
        return (reference.name, qualifier)
    }

    private func configPatch(_ request: Request) async throws -> EventInvokeConfigPatch {
        try RequestJSON.decode(EventInvokeConfigRequestJSON.self, from: try await request.bodyData(limit: 64 * 1024))
            .patch
    }

    private func rules(for name: String) -> EventInvokeConfigRules {
        let registry = registry
        return EventInvokeConfigRules(function: name) { registry.function(named: $0) != nil }
    }

    private func configResponse(_ config: EventInvokeConfig, _ name: String, _ qualifier: String) throws -> Response {
        try AWSResponse.json(
            EventInvokeConfigJSON(config, functionArn: registry.account.functionArn(name, qualifier: qualifier)))
    }

    private func noConfig(_ name: String, _ qualifier: String) -> LambError {
        LambError.notFound(
            "The function \(registry.account.functionArn(name, qualifier: qualifier)) doesn't have an EventInvokeConfig"
        )
    }
}
