import Hummingbird
import LambCore

/// Requests that no route takes get a JSON error in Lambda's shape instead of the router's empty 404.
///
/// A function path with more segments than any route (`GET /2015-03-31/functions/a/b`) is a `FunctionName` with a
/// `/` in it, answered as the same name percent-encoded (`a%2Fb`) is: the name does not satisfy the API's pattern.
/// An operation of the Lambda API that Lamb does not have is `UnknownOperationException` naming the operation;
/// anything else (a wrong method, a path of no operation) is `UnknownOperationException` naming the method and path.
struct UnmatchedRequests: RouterMiddleware {
    typealias Context = BasicRequestContext

    /// The segments Lambda's operations put after a function name (`.../functions/<name>/policy/<statement>`).
    static let functionSubresources: Set<String> = [
        "aliases", "code", "code-signing-config", "concurrency", "configuration", "durable-executions",
        "event-invoke-config", "function-scaling-config", "invocations", "invoke-async", "policy",
        "provisioned-concurrency", "recursion-config", "response-streaming-invocations", "runtime-management-config",
        "url", "urls", "versions",
    ]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return AWSResponse.error(Self.answer(method: request.method.rawValue, path: request.uri.path))
        }
    }

    /// The error for a request no route took: a Lambda operation Lamb does not emulate is named (boto3 and the CLI
    /// show the message), anything else is named by its method and path.
    static func answer(method: String, path: String) -> LambError {
        if let name = slashedFunctionName(in: path) { return FunctionReference.invalidName(name) }
        if let operation = LambdaOperations.named(method: method, path: path) {
            return LambError(
                .unknownOperation,
                "Lamb does not emulate the \(operation) operation (\(method) \(path)); docs/api-compatibility.md "
                    + "lists what Lamb serves.")
        }
        return LambError(.unknownOperation, "\(method) \(path) matches no operation Lamb serves.")
    }

    /// The function name of a `/<version>/functions/<name>[/<subresource>[/<id>]]` path whose name has a `/` in it:
    /// the segments from the name up to the first subresource. `nil` when the name is one segment (an operation
    /// Lamb does not have, or a wrong method).
    static func slashedFunctionName(in path: String) -> String? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard segments.count >= 4, segments.first?.count == 10, segments.dropFirst().first == "functions" else {
            return nil
        }
        let afterFunctions = Array(segments.dropFirst(2))
        let nameEnd = afterFunctions.firstIndex { functionSubresources.contains(String($0)) } ?? afterFunctions.count
        guard nameEnd > 1 else { return nil }
        return afterFunctions[..<nameEnd].map { InvokePath.percentDecoded($0) }.joined(separator: "/")
    }
}

extension LambdaAPI {
    /// Added after every route: the router wraps only its not-found answer in it.
    func addUnmatchedRequests(to router: Router<BasicRequestContext>) {
        router.add(middleware: UnmatchedRequests())
    }
}
