import LambCore
import Testing

@testable import LambAPI

@Suite("Requests no route takes")
struct UnmatchedRequestsTests {
    @Test(
        "a function name with '/' is the function name, as if percent-encoded",
        arguments: [
            ("/2015-03-31/functions/a/b", "a/b"), ("/2015-03-31/functions/a/b/configuration", "a/b"),
            ("/2015-03-31/functions/a/b/c/invocations", "a/b/c"),
            ("/2017-10-31/functions/a%3Ab/c/concurrency", "a:b/c"),
            ("/2015-03-31/functions/a/b/aliases/live", "a/b"),
        ])
    func slashedNames(path: String, name: String) {
        #expect(UnmatchedRequests.slashedFunctionName(in: path) == name)
        let error = UnmatchedRequests.answer(method: "GET", path: path)
        #expect(error == FunctionReference.invalidName(name))
        #expect(error.code.awsShape.status == 400)
    }

    @Test(
        "anything else is UnknownOperationException (404) naming the method and path",
        arguments: [
            "/2015-03-31/functions/f/policy", "/2015-03-31/functions/f", "/nothing",
            "/2015-03-31/functions/f/policy/s1",
            "/_lamb/v1/unknown",
        ])
    func unknown(path: String) {
        #expect(UnmatchedRequests.slashedFunctionName(in: path) == nil)
        let error = UnmatchedRequests.answer(method: "PATCH", path: path)
        #expect(error.code == .unknownOperation)
        #expect(error.code.awsShape.type == "UnknownOperationException")
        #expect(error.code.awsShape.status == 404)
        #expect(error.message.contains("PATCH \(path)"))
    }
}

@Suite("Lambda operations Lamb does not emulate")
struct UnemulatedOperationTests {
    @Test(
        "a request of an operation no route takes is answered by the operation's name",
        arguments: [
            ("GET", "/2025-11-30/functions/f/function-scaling-config", "GetFunctionScalingConfig"),
            ("PUT", "/2025-11-30/functions/f/function-scaling-config", "PutFunctionScalingConfig"),
            ("GET", "/2025-12-01/functions/f/durable-executions", "ListDurableExecutionsByFunction"),
            ("GET", "/2025-11-30/capacity-providers", "ListCapacityProviders"),
            ("POST", "/2025-11-30/capacity-providers", "CreateCapacityProvider"),
            ("GET", "/2025-12-01/durable-executions/arn%3Ax", "GetDurableExecution"),
        ])
    func named(method: String, path: String, operation: String) {
        #expect(LambdaOperations.named(method: method, path: path) == operation)
        let error = UnmatchedRequests.answer(method: method, path: path)
        #expect(error.code == .unknownOperation)
        #expect(error.message.contains("the \(operation) operation"))
    }

    @Test("the model's 85 operations are all listed, and a path of none names none")
    func table() {
        #expect(LambdaOperations.all.count == 85)
        #expect(LambdaOperations.named(method: "GET", path: "/2015-03-31/functions/f/nothing") == nil)
        #expect(LambdaOperations.named(method: "PATCH", path: "/2015-03-31/functions/f/policy") == nil)
    }
}
