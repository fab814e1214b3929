import Foundation

/// Template functions by logical id: `lamb invoke HelloFunction` works whether or not the template gives the
/// function another `FunctionName`, as `sam local invoke` does.
enum FunctionNames {
    private struct Stacks: Decodable {
        struct Stack: Decodable { var functions: [Function] }
        struct Function: Decodable {
            var logicalId: String
            var name: String
        }
        var stacks: [Stack]
    }

    /// The name of the served template function whose logical id is `logicalId`, if there is one and it differs.
    static func logicalId(_ logicalId: String, client: LambClient) async throws -> String? {
        let response = try await client.send("GET", "/_lamb/v1/stacks")
        guard response.status == 200, let stacks = try? JSONDecoder().decode(Stacks.self, from: response.body) else {
            return nil
        }
        let match = stacks.stacks.flatMap(\.functions).first { $0.logicalId == logicalId }
        return match.flatMap { $0.name == logicalId ? nil : $0.name }
    }
}
