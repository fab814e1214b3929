import Foundation
import Hummingbird
import LambCore
import Logging

/// PublishVersion and ListVersionsByFunction.
extension LambdaAPI {
    func addVersionRoutes(to router: Router<BasicRequestContext>) {
        router.post("/2015-03-31/functions/:name/versions") { request, context in
            await AWSResponse.handling {
                let name = try FunctionReference.parse(context.parameters.decoded("name"), allowQualifier: false).name
                let data = try await request.bodyData(limit: 64 * 1024)
                let body =
                    data.isEmpty
                    ? PublishVersionJSON() : try RequestJSON.decode(PublishVersionJSON.self, from: data)
                try UnemulatedFeatures.refuse(publishTo: body.PublishTo)
                let version = try await registry.publishVersion(
                    name: name, codeSha256: body.CodeSha256, description: body.Description, revisionId: body.RevisionId)
                context.logger.info(
                    "version published", metadata: ["function.name": "\(name)", "version": "\(version.version)"])
                return try AWSResponse.json(configuration(version, .created), status: .created)
            }
        }
        router.get("/2015-03-31/functions/:name/versions") { request, context in
            await AWSResponse.handling {
                struct Output: Encodable {
                    var Versions: [FunctionConfigurationJSON]
                    var NextMarker: String?
                }
                let name = try FunctionReference.parse(context.parameters.decoded("name"), allowQualifier: false).name
                let record = try registry.require(name)
                let all = [record.latest] + registry.versions(of: name).orderedVersions
                let page = try ListPage(all, key: \.version, query: request)
                return try AWSResponse.json(
                    Output(Versions: page.items.map { configuration($0, .settled) }, NextMarker: page.nextMarker))
            }
        }
    }

    /// `Publish: true` on CreateFunction and UpdateFunctionCode: the response is the new version's configuration.
    func publishing(_ name: String, _ publish: Bool?) async throws -> FunctionDefinition? {
        guard publish == true else { return nil }
        return try await registry.publishVersion(name: name, codeSha256: nil, description: nil, revisionId: nil)
    }
}

extension LambdaAPI {
    /// GetFunction's `Code.Location`: Lamb serves the zip itself; a published version's is its own code.
    func codeLocation(host: String, _ definition: FunctionDefinition) -> String {
        let base = "http://\(host)/_lamb/v1/functions/\(definition.name)/code"
        return definition.version == FunctionDefinition.latest ? base : "\(base)?Qualifier=\(definition.version)"
    }
}

extension LambdaAPI {
    /// ListFunctions with `FunctionVersion=ALL`: every function's `$LATEST` and published versions.
    func listAllVersions(_ request: Request) throws -> Response {
        struct Page: Encodable {
            var Functions: [FunctionConfigurationJSON]
            var NextMarker: String?
        }
        let all = registry.allFunctions().flatMap { [$0.latest] + registry.versions(of: $0.name).orderedVersions }
        let page = try ListPage(all, key: { "\($0.name):\($0.version)" }, query: request)
        return try AWSResponse.json(
            Page(Functions: page.items.map { configuration($0, .listed) }, NextMarker: page.nextMarker))
    }
}
