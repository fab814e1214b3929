import Foundation
import Hummingbird
import LambCore

/// CreateCodeSigningConfig, GetCodeSigningConfig, UpdateCodeSigningConfig, DeleteCodeSigningConfig,
/// ListCodeSigningConfigs, ListFunctionsByCodeSigningConfig (`/2020-04-22/code-signing-configs`). Stored in SQLite;
/// Lamb verifies no signature (see ``addFunctionCodeSigningRoutes(to:)``).
extension LambdaAPI {
    func addCodeSigningRoutes(to router: Router<BasicRequestContext>) {
        let base = "/2020-04-22/code-signing-configs"
        router.post(RouterPath(base)) { request, _ in
            await AWSResponse.handling {
                let input = try await codeSigningRequest(request)
                let config = try await registry.createCodeSigningConfig(input.change)
                return try codeSigningResponse(config, status: .created)
            }
        }
        router.get(RouterPath(base)) { request, _ in
            await AWSResponse.handling {
                struct Page: Encodable {
                    var CodeSigningConfigs: [CodeSigningConfigJSON]
                    var NextMarker: String?
                }
                let page = try ListPage(try await registry.codeSigningConfigs(), key: \.id, query: request)
                return try AWSResponse.json(
                    Page(
                        CodeSigningConfigs: page.items.map { CodeSigningConfigJSON($0, account: registry.account) },
                        NextMarker: page.nextMarker))
            }
        }
        router.get(RouterPath(base + "/:arn")) { _, context in
            await AWSResponse.handling {
                try codeSigningResponse(try await registry.codeSigningConfig(arn: context.parameters.decoded("arn")))
            }
        }
        router.put(RouterPath(base + "/:arn")) { request, context in
            await AWSResponse.handling {
                let input = try await codeSigningRequest(request)
                let config = try await registry.updateCodeSigningConfig(
                    arn: context.parameters.decoded("arn"), input.change)
                return try codeSigningResponse(config)
            }
        }
        router.delete(RouterPath(base + "/:arn")) { _, context in
            await AWSResponse.handling {
                try await registry.deleteCodeSigningConfig(arn: context.parameters.decoded("arn"))
                return AWSResponse.empty(status: .noContent)
            }
        }
        router.get(RouterPath(base + "/:arn/functions")) { request, context in
            await AWSResponse.handling {
                struct Page: Encodable {
                    var FunctionArns: [String]
                    var NextMarker: String?
                }
                let names = try await registry.functions(usingCodeSigningConfig: context.parameters.decoded("arn"))
                let page = try ListPage(names, key: { $0 }, query: request)
                return try AWSResponse.json(
                    Page(FunctionArns: page.items.map { registry.account.functionArn($0) }, NextMarker: page.nextMarker)
                )
            }
        }
    }

    private func codeSigningRequest(_ request: Request) async throws -> CodeSigningConfigRequestJSON {
        try RequestJSON.decode(CodeSigningConfigRequestJSON.self, from: try await request.bodyData(limit: 256 * 1024))
    }

    private func codeSigningResponse(_ config: CodeSigningConfig, status: HTTPResponse.Status = .ok) throws -> Response
    {
        struct Output: Encodable { var CodeSigningConfig: CodeSigningConfigJSON }
        return try AWSResponse.json(
            Output(CodeSigningConfig: CodeSigningConfigJSON(config, account: registry.account)), status: status)
    }
}
