import Foundation
import Hummingbird
import LambCore

/// TagResource, UntagResource, ListTags: `/2017-03-31/tags/{ARN}`, for functions and code signing configurations.
extension LambdaAPI {
    func addTagRoutes(to router: Router<BasicRequestContext>) {
        router.get("/2017-03-31/tags/:arn") { _, context in
            await AWSResponse.handling {
                struct Output: Encodable { var Tags: [String: String] }
                if let arn = taggedCodeSigningConfig(context) {
                    return try AWSResponse.json(Output(Tags: try await registry.codeSigningConfig(arn: arn).tags))
                }
                let record = try registry.require(try taggedFunction(context))
                return try AWSResponse.json(Output(Tags: record.tags))
            }
        }
        router.post("/2017-03-31/tags/:arn") { request, context in
            await AWSResponse.handling {
                struct Input: Decodable { var Tags: [String: String] }
                let input = try RequestJSON.decode(Input.self, from: try await request.bodyData(limit: 1024 * 1024))
                if let arn = taggedCodeSigningConfig(context) {
                    try await registry.tagCodeSigningConfig(arn: arn) { $0.merge(input.Tags) { _, new in new } }
                    return AWSResponse.empty(status: .noContent)
                }
                try await registry.tag(name: try taggedFunction(context), tags: input.Tags)
                return AWSResponse.empty(status: .noContent)
            }
        }
        router.delete("/2017-03-31/tags/:arn") { request, context in
            await AWSResponse.handling {
                let keys = request.uri.queryParameters.getAll("tagKeys").map { String($0) }
                if let arn = taggedCodeSigningConfig(context) {
                    try await registry.tagCodeSigningConfig(arn: arn) { tags in for key in keys { tags[key] = nil } }
                    return AWSResponse.empty(status: .noContent)
                }
                try await registry.untag(name: try taggedFunction(context), keys: keys)
                return AWSResponse.empty(status: .noContent)
            }
        }
    }

    /// A code signing configuration's ARN, when the tags are addressed to one.
    private func taggedCodeSigningConfig(_ context: BasicRequestContext) -> String? {
        let raw = context.parameters.decoded("arn")
        return raw.contains(":code-signing-config:") ? raw : nil
    }

    /// Tags are addressed by function ARN.
    private func taggedFunction(_ context: BasicRequestContext) throws -> String {
        try FunctionReference.parse(context.parameters.decoded("arn"), allowQualifier: false).name
    }
}
