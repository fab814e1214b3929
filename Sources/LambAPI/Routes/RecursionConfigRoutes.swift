import Foundation
import Hummingbird
import LambCore

/// GetFunctionRecursionConfig, PutFunctionRecursionConfig (`/2024-08-31/functions/{name}/recursion-config`): one
/// setting per function (unqualified), `Terminate` until put, kept in the function's record. The invoke path reads it
/// with ``FunctionRegistry/recursiveLoop(of:)``.
extension LambdaAPI {
    func addRecursionConfigRoutes(to router: Router<BasicRequestContext>) {
        let path = "/2024-08-31/functions/:name/recursion-config"
        struct Output: Encodable { var RecursiveLoop: String }
        router.get(RouterPath(path)) { _, context in
            await AWSResponse.handling {
                let record = try registry.require(try recursionFunction(context))
                return try AWSResponse.json(Output(RecursiveLoop: record.recursiveLoop.rawValue))
            }
        }
        router.put(RouterPath(path)) { request, context in
            await AWSResponse.handling {
                struct Input: Decodable { var RecursiveLoop: String? }
                let name = try recursionFunction(context)
                let input = try RequestJSON.decode(Input.self, from: try await request.bodyData(limit: 64 * 1024))
                let value = try RecursiveLoop.requested(input.RecursiveLoop)
                try await registry.setRecursiveLoop(name: name, value)
                return try AWSResponse.json(Output(RecursiveLoop: value.rawValue))
            }
        }
    }

    private func recursionFunction(_ context: BasicRequestContext) throws -> String {
        try FunctionReference.parse(context.parameters.decoded("name"), allowQualifier: false).name
    }
}
