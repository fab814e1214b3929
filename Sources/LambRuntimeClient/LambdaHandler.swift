/// A function's handler: decodes each event from JSON, returns an output encoded as JSON.
///
/// A thrown error fails the invocation: the caller gets `X-Amz-Function-Error: Unhandled` and
/// `{"errorType": <the error's type>, "errorMessage": <its description>}`.
public protocol LambdaHandler: Sendable {
    associatedtype Event: Decodable
    associatedtype Output: Encodable

    func handle(_ event: Event, context: LambdaContext) async throws -> Output
}

/// A handler made of a closure, for `LambdaRuntime { (event: MyEvent, context) in ... }`.
public struct ClosureHandler<Event: Decodable, Output: Encodable>: LambdaHandler {
    let body: @Sendable (Event, LambdaContext) async throws -> Output

    public init(body: @escaping @Sendable (Event, LambdaContext) async throws -> Output) {
        self.body = body
    }

    public func handle(_ event: Event, context: LambdaContext) async throws -> Output {
        try await body(event, context)
    }
}
