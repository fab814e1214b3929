import LambRuntimeClient

/// The event this function expects: `{"name": "...", "excited": true}`.
struct Greeting: Decodable {
    var name: String
    var excited: Bool?
}

/// What it answers.
struct Reply: Encodable {
    var message: String
    /// How many events this execution environment has served: state kept across warm invocations.
    var invocation: Int
    var requestID: String
}

/// A function's own failure: the caller gets `{"errorType": "GreetingError", "errorMessage": "..."}`.
struct GreetingError: Error, CustomStringConvertible {
    var description: String
}

/// Lives as long as the execution environment (module state, like a Python global).
actor InvocationCounter {
    private var count = 0

    func next() -> Int {
        count += 1
        return count
    }
}

let counter = InvocationCounter()

let runtime = LambdaRuntime { (event: Greeting, context: LambdaContext) async throws -> Reply in
    guard !event.name.isEmpty else { throw GreetingError(description: "a greeting needs a name") }
    let invocation = await counter.next()
    context.log("greeting \(event.name), invocation \(invocation)")
    let message = "Hello, \(event.name)" + (event.excited == true ? "!" : ".")
    return Reply(message: message, invocation: invocation, requestID: context.requestID)
}
try await runtime.run()
