import Foundation
import Hummingbird
import LambCore

/// TagResource, UntagResource, ListTags: `/2017-03-31/tags/{ARN}`.
extension LambdaAPI {
    func addTagRoutes(to router: Router<BasicRequestContext>) {
        router.get("/2017-03-31/tags/:arn") { _, context in
            await AWSResponse.handling {
                struct Output: Encodable { var Tags: [String: String] }
                let record = try registry.require(try taggedFunction(context))
                return try AWSResponse.json(Output(Tags: record.tags))
            }
        }
        router.post("/2017-03-31/tags/:arn") { request, context in
            await AWSResponse.handling {
                struct Input: Decodable { var Tags: [String: String] }
                let name = try taggedFunction(context)
                let input = try RequestJSON.decode(Input.self, from: try await request.bodyData(limit: 1024 * 1024))
                try await registry.tag(name: name, tags: input.Tags)
                return AWSResponse.empty(status: .noContent)
            }
        }
        router.delete("/2017-03-31/tags/:arn") { request, context in
            await AWSResponse.handling {
                let name = try taggedFunction(context)
                let keys = request.uri.queryParameters.getAll("tagKeys").map { String($0) }
                try await registry.untag(name: name, keys: keys)
                return AWSResponse.empty(status: .noContent)
            }
        }
    }

    /// Tags are addressed by function ARN.
    private func taggedFunction(_ context: BasicRequestContext) throws -> String {
        try FunctionReference.parse(context.parameters.decoded("arn"), allowQualifier: false).name
    }
}
