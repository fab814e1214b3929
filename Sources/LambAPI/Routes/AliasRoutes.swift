import Foundation
import Hummingbird
import LambCore
import Logging

/// CreateAlias, GetAlias, UpdateAlias, DeleteAlias and ListAliases.
extension LambdaAPI {
    func addAliasRoutes(to router: Router<BasicRequestContext>) {
        router.post("/2015-03-31/functions/:name/aliases") { request, context in
            await AWSResponse.handling {
                let function = try aliasFunction(context)
                let body = try RequestJSON.decode(
                    AliasRequestJSON.self, from: try await request.bodyData(limit: 64 * 1024))
                guard let name = body.Name else { throw LambError.invalidParameter("Name is required.") }
                let alias = try await registry.createAlias(function: function, name: name, change: body.change)
                context.logger.info("alias created", metadata: ["function.name": "\(function)", "alias": "\(name)"])
                return try AWSResponse.json(
                    AliasConfigurationJSON(alias, function: function, account: registry.account), status: .created)
            }
        }
        router.get("/2015-03-31/functions/:name/aliases") { request, context in
            await AWSResponse.handling {
                struct Output: Encodable {
                    var Aliases: [AliasConfigurationJSON]
                    var NextMarker: String?
                }
                let function = try aliasFunction(context)
                _ = try registry.require(function)
                var aliases = registry.versions(of: function).aliases.values.sorted { $0.name < $1.name }
                if let version = request.uri.queryParameters.get("FunctionVersion") {
                    aliases = aliases.filter { $0.versions.contains(String(version)) }
                }
                let page = try ListPage(aliases, key: \.name, query: request)
                return try AWSResponse.json(
                    Output(
                        Aliases: page.items.map {
                            AliasConfigurationJSON($0, function: function, account: registry.account)
                        },
                        NextMarker: page.nextMarker))
            }
        }
        router.get("/2015-03-31/functions/:name/aliases/:alias") { _, context in
            await AWSResponse.handling {
                let function = try aliasFunction(context)
                let alias = try registry.alias(function, context.parameters.decoded("alias"))
                return try AWSResponse.json(
                    AliasConfigurationJSON(alias, function: function, account: registry.account))
            }
        }
        router.put("/2015-03-31/functions/:name/aliases/:alias") { request, context in
            await AWSResponse.handling {
                let function = try aliasFunction(context)
                let body = try RequestJSON.decode(
                    AliasRequestJSON.self, from: try await request.bodyData(limit: 64 * 1024))
                let alias = try await registry.updateAlias(
                    function: function, name: context.parameters.decoded("alias"), change: body.change)
                return try AWSResponse.json(
                    AliasConfigurationJSON(alias, function: function, account: registry.account))
            }
        }
        router.delete("/2015-03-31/functions/:name/aliases/:alias") { _, context in
            await AWSResponse.handling {
                let function = try aliasFunction(context)
                try await registry.deleteAlias(function: function, name: context.parameters.decoded("alias"))
                return AWSResponse.empty(status: .noContent)
            }
        }
    }

    private func aliasFunction(_ context: BasicRequestContext) throws -> String {
        try FunctionReference.parse(context.parameters.decoded("name"), allowQualifier: false).name
    }
}
