import Foundation
import LambCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The runtime loop of a custom-runtime (`provided.*`) function: asks the Runtime API for the next event, hands it
/// to the handler, posts the result or the error, and repeats for as long as the environment lives.
///
/// ```swift
/// let runtime = LambdaRuntime { (event: Greeting, context: LambdaContext) in
///     Reply(message: "hello \(event.name)")
/// }
/// try await runtime.run()
/// ```
public final class LambdaRuntime<Handler: LambdaHandler>: Sendable {
    let handler: Handler
    let environment: [String: String]

    public init(handler: Handler, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.handler = handler
        self.environment = environment
    }

    public convenience init<Event: Decodable, Output: Encodable>(
        body: @escaping @Sendable (Event, LambdaContext) async throws -> Output
    ) where Handler == ClosureHandler<Event, Output> {
        self.init(handler: ClosureHandler(body: body))
    }

    /// Serves invocations until the environment is shut down; throws only when the Runtime API cannot be reached or
    /// misbehaves.
    public func run() async throws {
        let connection = try RuntimeAPIConnection(address: environment["AWS_LAMBDA_RUNTIME_API"] ?? "")
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        while true {
            let next = try await connection.request(method: "GET", path: RuntimeAPIWire.nextPath)
            guard next.status == 200 else {
                throw LambdaRuntimeError.unexpectedStatus(
                    path: RuntimeAPIWire.nextPath, status: next.status, body: String(decoding: next.body, as: UTF8.self)
                )
            }
            let context = try LambdaContext(headers: next.headers, environment: environment)
            if context.traceID.isEmpty {
                unsetenv("_X_AMZN_TRACE_ID")
            } else {
                setenv("_X_AMZN_TRACE_ID", context.traceID, 1)
            }
            var echo: [(String, String)] = []
            if let id = next.headers[RuntimeAPIWire.Header.invocationId.lowercased()] {
                echo.append((RuntimeAPIWire.Header.invocationId, id))
            }
            let prefix = "\(RuntimeAPIWire.invocationPrefix)\(context.requestID)"
            do {
                let event = try decoder.decode(Handler.Event.self, from: next.body)
                let output = try await handler.handle(event, context: context)
                try await post(
                    connection, "\(prefix)/response", body: try encoder.encode(output),
                    headers: echo + [("Content-Type", "application/json")])
            } catch let error as LambdaRuntimeError {
                throw error
            } catch {
                try await post(
                    connection, "\(prefix)/error", body: Self.errorJSON(error),
                    headers: echo + [
                        ("Content-Type", "application/json"), (RuntimeAPIWire.Header.functionErrorType, "Unhandled"),
                    ])
            }
        }
    }

    /// Reports an error of the function's own set-up (before `run()`) and ends the process, so the invocation
    /// that started this environment fails with that error.
    public static func failInitialization(_ error: any Error) async -> Never {
        if let connection = try? RuntimeAPIConnection(
            address: ProcessInfo.processInfo.environment["AWS_LAMBDA_RUNTIME_API"] ?? "")
        {
            _ = try? await connection.request(
                method: "POST", path: RuntimeAPIWire.initErrorPath,
                headers: [
                    ("Content-Type", "application/json"), (RuntimeAPIWire.Header.functionErrorType, "Unhandled"),
                ],
                body: errorJSON(error))
        }
        exit(1)
    }

    private func post(_ connection: RuntimeAPIConnection, _ path: String, body: Data, headers: [(String, String)])
        async throws
    {
        let answer = try await connection.request(method: "POST", path: path, headers: headers, body: body)
        // 410: the invocation timed out meanwhile; the next one is what matters.
        guard answer.status == 202 || answer.status == 410 else {
            throw LambdaRuntimeError.unexpectedStatus(
                path: path, status: answer.status, body: String(decoding: answer.body, as: UTF8.self))
        }
    }

    /// `{"errorType": "<type name>", "errorMessage": "<description>"}`.
    static func errorJSON(_ error: any Error) -> Data {
        let object = ["errorType": String(describing: type(of: error)), "errorMessage": String(describing: error)]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }
}
