import Foundation
import Hummingbird
import LambCore
import Logging

/// PutFunctionCodeSigningConfig, GetFunctionCodeSigningConfig, DeleteFunctionCodeSigningConfig
/// (`/2020-06-30/functions/{name}/code-signing-config`): which code signing configuration a function uses. Lamb stores
/// it and says so in its log; it verifies no signature.
extension LambdaAPI {
    func addFunctionCodeSigningRoutes(to router: Router<BasicRequestContext>) {
        let path = "/2020-06-30/functions/:name/code-signing-config"
        router.put(RouterPath(path)) { request, context in
            await AWSResponse.handling {
                struct Input: Decodable { var CodeSigningConfigArn: String? }
                let name = try codeSigningFunction(context)
                let input = try RequestJSON.decode(Input.self, from: try await request.bodyData(limit: 64 * 1024))
                try RequestJSON.requireMembers([("codeSigningConfigArn", input.CodeSigningConfigArn)])
                let arn = input.CodeSigningConfigArn!
                try await registry.setCodeSigningConfig(function: name, arn: arn)
                logCodeSigningNotice(arn, function: name, context.logger)
                return try AWSResponse.json(FunctionCodeSigningJSON(CodeSigningConfigArn: arn, FunctionName: name))
            }
        }
        router.get(RouterPath(path)) { _, context in
            await AWSResponse.handling {
                let name = try codeSigningFunction(context)
                // The model requires both members: a function without a configuration answers an empty ARN.
                let arn = try await registry.codeSigningConfigId(function: name).map(
                    registry.account.codeSigningConfigArn)
                return try AWSResponse.json(
                    FunctionCodeSigningJSON(CodeSigningConfigArn: arn ?? "", FunctionName: name))
            }
        }
        router.delete(RouterPath(path)) { _, context in
            await AWSResponse.handling {
                try await registry.removeCodeSigningConfig(function: try codeSigningFunction(context))
                return AWSResponse.empty(status: .noContent)
            }
        }
    }

    /// The one-line notice Lamb logs when a function's code is stored under a code signing configuration.
    func logCodeSigningNotice(_ arnOrId: String, function: String, _ logger: Logger) {
        let id = arnOrId.split(separator: ":").last.map(String.init) ?? arnOrId
        logger.notice(
            "code signing config \(id) stored; Lamb does not verify signatures",
            metadata: ["function.name": "\(function)"])
    }

    /// The function of a code signing request: unqualified, and it must exist.
    private func codeSigningFunction(_ context: BasicRequestContext) throws -> String {
        let name = try FunctionReference.parse(context.parameters.decoded("name"), allowQualifier: false).name
        return try registry.require(name).name
    }
}

/// The answer of PutFunctionCodeSigningConfig and GetFunctionCodeSigningConfig.
struct FunctionCodeSigningJSON: Encodable {
    var CodeSigningConfigArn: String
    var FunctionName: String
}
